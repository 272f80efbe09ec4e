// What every repository works over: the document client and the table's name, plus reading an item
// as a parsed record (never a cast) and writing one with its key and entity name.
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import { StoredItemInvalidError } from './errors.ts';
import { withoutStoreAttributes, type ItemKey } from './keys.ts';

export type TableContext = { client: DynamoDBDocumentClient; tableName: string };

/** Condition of a write that creates an item. */
export const isNew = 'attribute_not_exists(pk)';

/** The item, consistently read (the workflow reads what the previous step has just written), without the store's attributes. */
export async function getRawItem({ client, tableName }: TableContext, key: ItemKey): Promise<Record<string, unknown> | undefined> {
  const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return Item ? withoutStoreAttributes(Item) : undefined;
}

/** A stored item as its record; an item that does not fit the schema is a StoredItemInvalidError naming the field. */
export function parseStored<S extends z.ZodType>(schema: S, entity: string, key: ItemKey, item: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(withoutStoreAttributes(item));
  if (!parsed.success) throw new StoredItemInvalidError(entity, key, parsed.error);
  return parsed.data;
}

export async function getRecord<S extends z.ZodType>(table: TableContext, schema: S, entity: string, key: ItemKey): Promise<z.output<S> | undefined> {
  const item = await getRawItem(table, key);
  return item && parseStored(schema, entity, key, item);
}

/** BatchGetItem's limit of keys per request. */
const BATCH_GET_KEYS = 100;
/** Rounds of retrying the keys DynamoDB left unprocessed (throttling) before giving up. */
const BATCH_GET_ROUNDS = 8;

/** Many items in a few round trips (BatchGetItem, 100 keys each, consistently read), each parsed as its
 *  record, in no particular order; keys with no item are left out. Keys DynamoDB leaves unprocessed
 *  (throttled) are asked for again, with a growing pause. */
export async function getRecords<S extends z.ZodType>({ client, tableName }: TableContext, schema: S, entity: string, keys: readonly ItemKey[]): Promise<z.output<S>[]> {
  const found: z.output<S>[] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_KEYS) {
    let pending: Record<string, unknown>[] = keys.slice(start, start + BATCH_GET_KEYS).map(({ pk, sk }) => ({ pk, sk }));
    for (let round = 0; pending.length; round++) {
      if (round >= BATCH_GET_ROUNDS) throw new Error(`DynamoDB left ${pending.length} of a batch read unprocessed ${BATCH_GET_ROUNDS} times in a row`);
      if (round) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
      const page = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
      for (const item of page.Responses?.[tableName] ?? []) found.push(parseStored(schema, entity, item as ItemKey, item));
      pending = page.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return found;
}

export async function putRecord(table: TableContext, key: ItemKey, entity: string, value: object): Promise<void> {
  await table.client.send(new PutCommand({ TableName: table.tableName, Item: { ...value, ...key, entity } }));
}

/** What a query asks; the table, the paging and the parsing are queryRecords' own. */
export type RecordQuery = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit'>;

/** Every item a query finds, page after page, each parsed as its record (in the index's order).
 *  With `limit`, it reads pages of at most that many and stops once it has that many. */
export async function queryRecords<S extends z.ZodType>(
  { client, tableName }: TableContext,
  schema: S,
  entity: string,
  query: RecordQuery,
  options: { limit?: number } = {},
): Promise<z.output<S>[]> {
  const found: z.output<S>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...query, TableName: tableName, ExclusiveStartKey, Limit: options.limit }));
    for (const item of page.Items ?? []) found.push(parseStored(schema, entity, item as ItemKey, item));
    ExclusiveStartKey = options.limit !== undefined && found.length >= options.limit ? undefined : page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}
