// What every repository works over: the document client and the table's name, plus reading an item
// as a parsed record (never a cast) and writing one with its key and entity name.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
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

export async function putRecord(table: TableContext, key: ItemKey, entity: string, value: object): Promise<void> {
  await table.client.send(new PutCommand({ TableName: table.tableName, Item: { ...value, ...key, entity } }));
}
