// Webhook sources: the LMSs allowed to deliver award requests or learning events, with their
// secrets, rules and platform settings. Each carries GSI1 attributes so the admin API can list them.
import { WebhookSource } from '@tessera/core';
import { keys } from '../keys.ts';
import type { Store } from '../store.ts';
import { getRecord, putRecord, queryRecords, type TableContext } from '../table-context.ts';

export function webhookSourcesRepository(table: TableContext): Store['webhookSources'] {
  return {
    get: (id) => getRecord(table, WebhookSource, 'WebhookSource', keys.webhookSource(id)),
    put: (source) => putRecord(table, keys.webhookSource(source.id), 'WebhookSource', { ...source, ...keys.sourceListing(source.id) }),
    list: () =>
      queryRecords(table, WebhookSource, 'WebhookSource', {
        IndexName: 'GSI1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.sources().gsi1pk },
      }),
  };
}
