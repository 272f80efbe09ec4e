// Kept delivery bodies in the local data folder: one JSON file per delivery under its source's
// folder, written beside and renamed so a crash never leaves half a file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeliveryArchive, KeptDelivery } from '@tessera/core';

export type FolderDeliveryArchiveOptions = { dir: string };

/** Ids come from Tessera (source ids are validated, delivery ids generated), but a path is no place to trust that. */
const segment = (value: string) => encodeURIComponent(value).replace(/\./g, '%2E');

export function createFolderDeliveryArchive({ dir }: FolderDeliveryArchiveOptions): DeliveryArchive {
  const fileOf = (sourceId: string, deliveryId: string) => join(dir, segment(sourceId), `${segment(deliveryId)}.json`);
  return {
    async keep(delivery: KeptDelivery) {
      const file = fileOf(delivery.sourceId, delivery.deliveryId);
      await mkdir(join(dir, segment(delivery.sourceId)), { recursive: true, mode: 0o700 });
      await writeFile(`${file}.tmp`, JSON.stringify(delivery), { mode: 0o600 });
      await rename(`${file}.tmp`, file);
    },
    async read(sourceId, deliveryId) {
      try {
        return JSON.parse(await readFile(fileOf(sourceId, deliveryId), 'utf8')) as KeptDelivery;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
