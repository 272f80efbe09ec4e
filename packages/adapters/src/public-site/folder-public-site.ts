// The local public origin: artefacts are files in a folder that the local gateway serves.
// Each file has a sidecar with the Content-Type and Cache-Control it was published with, so
// the folder answers with the same headers S3 would.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import * as z from 'zod';
import { publicPathProblem, publicPathSegments, TesseraError, ValidationError, type PublicObject, type PublicSite } from '@tessera/core';
import { cacheControlFor } from './cache-control.ts';

export type FolderPublicSiteOptions = { dir: string };

export type PublicFile = { body: Buffer; contentType: string; cacheControl: string };

export type FolderPublicSite = PublicSite & {
  /** The file and its headers; undefined when the path is unsafe or nothing was published there. */
  read(path: string): Promise<PublicFile | undefined>;
};

/** Holds the sidecars and temp files; never a public path, so it is never served. */
const META_DIR = '.tessera-meta';

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.html': 'text/html; charset=utf-8',
};

/** For files put in the folder by hand, which have no sidecar. */
export function contentTypeFromExtension(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

// What CloudFront invalidation is on AWS: the folder tells every thread of the process which path
// it rewrote, so a verifier keeping a status list (for its max-age) drops it at once. Locally a
// revocation then shows at once; on AWS within the edge's minute (docs/DEPLOY.md).
const REWRITES = 'tessera-public-folder-rewrites';
let announcer: BroadcastChannel | undefined;

/** Calls `listener` with each path any thread's folder public site rewrites from now on. */
export function onFolderRewrite(listener: (path: string) => void): () => void {
  const channel = new BroadcastChannel(REWRITES);
  // Never what keeps a process alive.
  channel.unref();
  channel.onmessage = (event) => listener((event as MessageEvent).data as string);
  return () => channel.close();
}

function announceRewrite(path: string): void {
  if (!announcer) {
    announcer = new BroadcastChannel(REWRITES);
    announcer.unref();
  }
  announcer.postMessage(path);
}

const Sidecar = z.object({ contentType: z.string().min(1), cacheControl: z.string().min(1) });
type Sidecar = z.infer<typeof Sidecar>;

export function createFolderPublicSite({ dir }: FolderPublicSiteOptions): FolderPublicSite {
  const root = resolve(dir);
  const tmpDir = join(root, META_DIR, '.tmp');

  /** Absolute file and sidecar paths, after checking twice that they stay inside the folder. */
  function locate(segments: string[]): { file: string; sidecar: string } {
    const file = resolve(root, ...segments);
    const sidecar = `${resolve(root, META_DIR, ...segments)}.json`;
    if (!file.startsWith(root + sep)) throw new ValidationError('public path leaves the public folder', [{ path: 'path', message: 'leaves the public folder' }]);
    return { file, sidecar };
  }

  // Folders made once per process, not on every publish (a badge publishes several files).
  const made = new Set<string>();
  async function ensureDir(dir: string): Promise<void> {
    if (made.has(dir)) return;
    await mkdir(dir, { recursive: true });
    made.add(dir);
  }

  /** Write via a temp file and rename, so a reader sees the old content or the new, never half. */
  async function writeAtomically(target: string, data: string | Uint8Array): Promise<void> {
    await ensureDir(tmpDir);
    await ensureDir(dirname(target));
    const temp = join(tmpDir, randomUUID());
    try {
      await writeFile(temp, data);
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  return {
    async publish({ path, body, contentType, immutable }: PublicObject): Promise<void> {
      const segments = publicPathSegments(path);
      if (segments[0] === META_DIR) throw new ValidationError(`public path ${JSON.stringify(path)} is reserved`, [{ path: 'path', message: `${META_DIR} is reserved` }]);
      const { file, sidecar } = locate(segments);
      const headers: Sidecar = { contentType, cacheControl: cacheControlFor(immutable, path) };
      // Sidecar first: once the body is visible, its headers are already in place.
      await writeAtomically(sidecar, JSON.stringify(headers));
      await writeAtomically(file, body);
      if (!immutable) announceRewrite(path);
    },

    async read(path: string): Promise<PublicFile | undefined> {
      if (publicPathProblem(path) !== undefined) return undefined;
      const segments = path.split('/');
      if (segments[0] === META_DIR) return undefined;
      const { file, sidecar } = locate(segments);
      const body = await readIfFile(file);
      if (body === undefined) return undefined;
      const headers = await readSidecar(sidecar);
      return {
        body,
        contentType: headers?.contentType ?? contentTypeFromExtension(path),
        cacheControl: headers?.cacheControl ?? cacheControlFor(false, path),
      };
    },
  };
}

/** The file's bytes; undefined when there is no file at that path (missing, or a directory). */
async function readIfFile(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if (isNoSuchFile(error)) return undefined;
    throw error;
  }
}

async function readSidecar(sidecar: string): Promise<Sidecar | undefined> {
  const raw = await readIfFile(sidecar);
  if (raw === undefined) return undefined;
  try {
    return Sidecar.parse(JSON.parse(raw.toString('utf8')));
  } catch (error) {
    throw new TesseraError(500, 'public_site_corrupt', `sidecar ${sidecar} is not valid`, { cause: error });
  }
}

function isNoSuchFile(error: unknown): boolean {
  return error instanceof Error && 'code' in error && ['ENOENT', 'ENOTDIR', 'EISDIR'].includes(String(error.code));
}
