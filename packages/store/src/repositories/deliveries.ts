// The delivery pipeline's records: each source's events log (one entry per event and rule, rewritten
// by a replay) and the kept deliveries not yet processed (the local queue's start-up work list).
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DeliveryLogEntry, PendingDelivery } from '@tessera/core';
import { keys } from '../keys.ts';
import type { Store } from '../store.ts';
import { getRecord, queryRecords, type TableContext } from '../table-context.ts';

export function deliveriesRepository(table: TableContext): Store['deliveries'] {
  const { client, tableName: TableName } = table;
  return {
    async recordPending(delivery) {
      await client.send(
        new PutCommand({
          TableName,
          Item: {
            ...delivery,
            ...keys.pendingDelivery(delivery.sourceId, delivery.deliveryId),
            ...keys.pendingDeliveryListing(delivery.receivedAt, delivery.sourceId, delivery.deliveryId),
            entity: 'PendingDelivery',
          },
        }),
      );
    },
    async markProcessed(sourceId, deliveryId) {
      await client.send(new DeleteCommand({ TableName, Key: keys.pendingDelivery(sourceId, deliveryId) }));
    },
    listPending() {
      return queryRecords(table, PendingDelivery, 'PendingDelivery', {
        IndexName: 'GSI1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.pendingDeliveries().gsi1pk },
      });
    },
    async putEntry(entry) {
      await client.send(new PutCommand({ TableName, Item: { ...entry, ...keys.deliveryLogEntry(entry), entity: 'DeliveryLogEntry' } }));
    },
    getEntry: (entry) => getRecord(table, DeliveryLogEntry, 'DeliveryLogEntry', keys.deliveryLogEntry(entry)),
    async deleteEntry(entry) {
      await client.send(new DeleteCommand({ TableName, Key: keys.deliveryLogEntry(entry) }));
    },
    listEventEntries(place) {
      const { pk, sk } = keys.deliveryLogEntry({ ...place, achievementId: '' });
      return queryRecords(table, DeliveryLogEntry, 'DeliveryLogEntry', {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        // The event's own prefix: everything up to the achievement part.
        ExpressionAttributeValues: { ':pk': pk, ':prefix': sk.slice(0, sk.lastIndexOf('#') + 1) },
      });
    },
    listEntries(sourceId, options = {}) {
      const range = keys.deliveryLog(sourceId, options.from, options.to);
      return queryRecords(table, DeliveryLogEntry, 'DeliveryLogEntry', {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': range.pk, ':from': range.skFrom, ':to': range.skTo },
      });
    },
  };
}
