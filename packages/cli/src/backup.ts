// Export and import of the whole Tessera table (`tessera export DIR` / `tessera import DIR`): one
// JSON-lines file per entity (issuers, achievements, sources, submissions, credentials, status
// lists, issuer keys...) and a manifest with counts, the schema version and SHA-256 checksums.
// Items are kept exactly as stored (DynamoDB JSON, binary as base64), keys included, so an import
// restores every access pattern. Private keys are never in the table, so never in an export.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchWriteItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable } from '@tessera/store';

/** Bumped when the table's item layout changes in a way an older import would get wrong. */
export const BACKUP_SCHEMA_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

export type BackupManifest = {
  schemaVersion: number;
  exportedAt: string;
  tableName: string;
  /** Per entity: its file, how many items, and the SHA-256 of the file. */
  entities: Record<string, { file: string; count: number; sha256: string }>;
};

export class BackupError extends Error {
  override name = 'BackupError';
}

type Item = Record<string, AttributeValue>;
type JsonItem = Record<string, unknown>;

/** DynamoDB JSON with binary values as base64 (`{"B64": "..."}`), so a file holds them as text. */
function toJson(value: AttributeValue): unknown {
  if (value.B !== undefined) return { B64: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS64: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(toJson) };
  if (value.M !== undefined) return { M: Object.fromEntries(Object.entries(value.M).map(([k, v]) => [k, toJson(v)])) };
  return value;
}

function fromJson(value: unknown): AttributeValue {
  const v = value as Record<string, unknown>;
  if (typeof v.B64 === 'string') return { B: Buffer.from(v.B64, 'base64') };
  if (Array.isArray(v.BS64)) return { BS: (v.BS64 as string[]).map((b) => Buffer.from(b, 'base64')) };
  if (Array.isArray(v.L)) return { L: v.L.map(fromJson) };
  if (v.M && typeof v.M === 'object') return { M: Object.fromEntries(Object.entries(v.M).map(([k, x]) => [k, fromJson(x)])) };
  return v as unknown as AttributeValue;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const fileOf = (entity: string) => `${entity.replace(/[^A-Za-z0-9]/g, '')}.jsonl`;

/** Every item of the table. A Scan: an operator's backup reads everything, once. */
async function* scanAll(client: DynamoDBClient, tableName: string): AsyncGenerator<Item> {
  let start: Item | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    yield* page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start);
}

export async function exportTable(client: DynamoDBClient, tableName: string, dir: string, now = new Date()): Promise<BackupManifest> {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length) throw new BackupError(`${dir} is not empty: export into a new folder`);
  const lines = new Map<string, string[]>();
  for await (const item of scanAll(client, tableName)) {
    const entity = item.entity?.S ?? 'Unknown';
    if (!lines.has(entity)) lines.set(entity, []);
    lines.get(entity)!.push(JSON.stringify(Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toJson(v)]))));
  }
  const manifest: BackupManifest = { schemaVersion: BACKUP_SCHEMA_VERSION, exportedAt: now.toISOString(), tableName, entities: {} };
  for (const [entity, entityLines] of [...lines].sort(([a], [b]) => a.localeCompare(b))) {
    const text = `${entityLines.join('\n')}\n`;
    await writeFile(join(dir, fileOf(entity)), text);
    manifest.entities[entity] = { file: fileOf(entity), count: entityLines.length, sha256: sha256(text) };
  }
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Reads and checks an export: the manifest's schema version, each file's checksum and count. */
export async function readExport(dir: string): Promise<{ manifest: BackupManifest; items: Item[] }> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as BackupManifest;
  } catch (error) {
    throw new BackupError(`${dir} has no readable ${MANIFEST_FILE}: is it a tessera export?`, { cause: error });
  }
  if (manifest.schemaVersion !== BACKUP_SCHEMA_VERSION) {
    throw new BackupError(`${dir} is schema version ${manifest.schemaVersion}; this tessera imports version ${BACKUP_SCHEMA_VERSION}`);
  }
  const items: Item[] = [];
  for (const [entity, { file, count, sha256: expected }] of Object.entries(manifest.entities)) {
    const text = await readFile(join(dir, file), 'utf8');
    if (sha256(text) !== expected) throw new BackupError(`${file} does not match its checksum in the manifest: the export is damaged or was edited`);
    const entityItems = text
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const json = JSON.parse(line) as JsonItem;
        return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, fromJson(v)]));
      });
    if (entityItems.length !== count) throw new BackupError(`${file} holds ${entityItems.length} ${entity} items, the manifest says ${count}`);
    items.push(...entityItems);
  }
  return { manifest, items };
}

export async function importTable(client: DynamoDBClient, tableName: string, dir: string, options: { force?: boolean } = {}): Promise<BackupManifest> {
  const { manifest, items } = await readExport(dir);
  await createTable(client, tableName);
  const existing = await client.send(new ScanCommand({ TableName: tableName, Limit: 1 }));
  if (existing.Items?.length && !options.force) {
    throw new BackupError(`table ${tableName} is not empty: import into a new table, or pass --force to write over items with the same keys`);
  }
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    // BatchWrite may hand some back (throttled): send those again, pausing a little longer each time.
    for (let attempt = 0; requests.length; attempt++) {
      if (attempt > 8) throw new BackupError(`DynamoDB kept refusing ${requests.length} items; run the import again with --force`);
      if (attempt) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
      requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
  return manifest;
}
