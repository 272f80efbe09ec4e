// Skills frameworks: one partition per framework, its own item plus one item per framework item,
// so a framework of thousands of items never meets DynamoDB's 400 KB item limit. Re-importing
// writes each item in place under its id (CASE identifier, or derived from the CSV code), so the
// ids achievements align to survive; items the new import no longer has are deleted.
import { BatchWriteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Framework, FrameworkItem } from '@tessera/catalogue';
import * as z from 'zod';
import { keys, type ItemKey } from '../keys.ts';
import { parseStored, queryRecords, type TableContext } from '../table-context.ts';

export const FrameworkSummary = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  sourceUri: z.string().min(1).optional(),
  itemCount: z.number().int().min(0),
  importedAt: z.iso.datetime({ offset: true }),
  importedBy: z.string().min(1),
});
export type FrameworkSummary = z.infer<typeof FrameworkSummary>;

const StoredItem = z.object({
  id: z.string().min(1),
  code: z.string().min(1),
  name: z.string().min(1),
  description: z.string().min(1).optional(),
  url: z.string().min(1),
  parentId: z.string().min(1).optional(),
  /** Where the item stands in its source, so a framework reads back in its own order. */
  position: z.number().int().min(0),
});

export type StoredFramework = Framework & Omit<FrameworkSummary, 'id' | 'title' | 'sourceUri'>;

export type FrameworksRepository = {
  /** Creates the framework or updates it in place (its items keep their ids); `created` says which. */
  put(framework: Framework, meta: { importedAt: string; importedBy: string }): Promise<{ created: boolean }>;
  get(id: string): Promise<StoredFramework | undefined>;
  /** Every framework (without items), by id. */
  list(): Promise<FrameworkSummary[]>;
};

/** BatchWriteItem's limit per call. */
const BATCH = 25;

export function frameworksRepository(table: TableContext): FrameworksRepository {
  const { client, tableName: TableName } = table;

  async function partition(id: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.frameworkPartition(id).pk },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  /** Writes (or deletes) in batches, resending what DynamoDB returns unprocessed. */
  async function batchWrite(requests: Record<string, unknown>[]): Promise<void> {
    for (let start = 0; start < requests.length; start += BATCH) {
      let pending = requests.slice(start, start + BATCH);
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
        const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [TableName]: pending } }));
        pending = UnprocessedItems?.[TableName] ?? [];
      }
    }
  }

  return {
    async put(framework, meta) {
      const existing = await partition(framework.id);
      const kept = new Set(framework.items.map((item) => keys.frameworkItem(framework.id, item.id).sk));
      const stale = existing.filter((item) => item.sk !== 'FRAMEWORK' && !kept.has(String(item.sk)));
      await batchWrite([
        ...framework.items.map((item, position) => ({
          PutRequest: { Item: { ...itemFields(item), position, ...keys.frameworkItem(framework.id, item.id), entity: 'FrameworkItem' } },
        })),
        ...stale.map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })),
      ]);
      // The framework's own item last: a framework is listed only once its items are all there.
      const summary: FrameworkSummary = {
        id: framework.id,
        title: framework.title,
        ...(framework.sourceUri ? { sourceUri: framework.sourceUri } : {}),
        itemCount: framework.items.length,
        ...meta,
      };
      await client.send(new PutCommand({ TableName, Item: { ...summary, ...keys.framework(framework.id), ...keys.frameworkListing(framework.id), entity: 'Framework' } }));
      return { created: !existing.some((item) => item.sk === 'FRAMEWORK') };
    },

    async get(id) {
      const items = await partition(id);
      const own = items.find((item) => item.sk === 'FRAMEWORK');
      if (!own) return undefined;
      const summary = parseStored(FrameworkSummary, 'Framework', own as ItemKey, own);
      const frameworkItems = items
        .filter((item) => item.sk !== 'FRAMEWORK')
        .map((item) => parseStored(StoredItem, 'FrameworkItem', item as ItemKey, item))
        .sort((a, b) => a.position - b.position)
        .map(({ position: _position, ...item }) => item);
      return { ...summary, items: frameworkItems };
    },

    list: () =>
      queryRecords(table, FrameworkSummary, 'Framework', {
        IndexName: 'GSI1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.frameworks().gsi1pk },
      }),
  };
}

/** Only the item's own fields: an absent description or parent is left out, not written as undefined. */
function itemFields(item: FrameworkItem): FrameworkItem {
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined)) as FrameworkItem;
}
