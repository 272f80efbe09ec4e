// The audit log: append-only and hash-chained (packages/catalogue/src/audit.ts). Each append writes
// the next entry and moves the head in one transaction conditioned on the head it read, so two
// writers can never both append entry N; the loser reads the new head and chains after it. Nothing
// in Tessera updates or deletes an entry.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { AuditEntry, appendEntry } from '@tessera/catalogue/audit';
import { ConflictError } from '@tessera/core';
import * as z from 'zod';
import { auditSeqKey, keys, type ItemKey } from '../keys.ts';
import type { Store } from '../store.ts';
import { getRecord, isNew, parseStored, type TableContext } from '../table-context.ts';
import { writeTransaction, type TransactItem } from '../transactions.ts';

const Head = z.object({ seq: z.number().int().min(1), hash: z.string() });
const StoredEntry = z.object({ entry: AuditEntry });

/** Appends racing each other each cost one more read; governance actions are rare, so this is generous. */
const APPEND_ATTEMPTS = 10;
/** Entries read per Query page when filtering. */
const PAGE = 200;

export function auditLogRepository(table: TableContext): Store['audit'] {
  const { client, tableName: TableName } = table;
  return {
    async append(fields, options = {}) {
      const { once } = options;
      for (let attempt = 1; ; attempt++) {
        const head = await getRecord(table, Head, 'AuditHead', keys.auditHead());
        const entry = appendEntry(head, fields);
        const items: Record<string, TransactItem> = {
          entry: { Put: { TableName, Item: { entry, ...keys.auditEntry(entry.seq), entity: 'AuditEntry' }, ConditionExpression: isNew } },
          head: {
            Put: {
              TableName,
              Item: { seq: entry.seq, hash: entry.hash, ...keys.auditHead(), entity: 'AuditHead' },
              ...(head ? { ConditionExpression: 'seq = :seq', ExpressionAttributeValues: { ':seq': head.seq } } : { ConditionExpression: isNew }),
            },
          },
        };
        if (once) items.once = { Put: { TableName, Item: { seq: entry.seq, ...keys.auditOnce(once), entity: 'AuditOnce' }, ConditionExpression: isNew } };
        const result = await writeTransaction(table, items);
        if (result.committed) return entry;
        if (result.refused.once) return undefined;
        if (attempt >= APPEND_ATTEMPTS) throw new ConflictError(`the audit log kept moving: ${APPEND_ATTEMPTS} appends lost the race`, result.error);
      }
    },
    async head() {
      return getRecord(table, Head, 'AuditHead', keys.auditHead());
    },
    async list({ after = 0, limit = 100, entity, entityId, since } = {}) {
      const entries: AuditEntry[] = [];
      const filters: string[] = [];
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':pk': keys.auditLog().pk, ':from': auditSeqKey(after + 1), ':to': 'ENTRY#~' };
      if (entity) {
        filters.push('#entry.#entity = :entity');
        Object.assign(names, { '#entry': 'entry', '#entity': 'entity' });
        values[':entity'] = entity;
      }
      if (entityId) {
        filters.push('#entry.#entityId = :entityId');
        Object.assign(names, { '#entry': 'entry', '#entityId': 'entityId' });
        values[':entityId'] = entityId;
      }
      if (since) {
        filters.push('#entry.#at >= :since');
        Object.assign(names, { '#entry': 'entry', '#at': 'at' });
        values[':since'] = since;
      }
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ...(filters.length ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
            ExpressionAttributeValues: values,
            ExclusiveStartKey,
            Limit: PAGE,
          }),
        );
        for (const item of page.Items ?? []) {
          const { entry } = parseStored(StoredEntry, 'AuditEntry', item as ItemKey, item);
          entries.push(entry);
          if (entries.length >= limit) return { entries, next: entry.seq };
        }
        // A filtered page may hold fewer than `limit` entries: carry on from the last key read.
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return { entries };
    },
  };
}
