// Issuer keys: every signing key an issuer's DID has used, kept for good so did.json can list it.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { IssuerKey, NotFoundError } from '@tessera/core';
import { keys } from '../keys.ts';
import type { Store } from '../store.ts';
import { getRecord, isNew, parseStored, queryRecords, type TableContext } from '../table-context.ts';

export function issuerKeysRepository(table: TableContext): Store['issuerKeys'] {
  const { client, tableName: TableName } = table;
  return {
    async record(key) {
      const itemKey = keys.issuerKey(key.did, key.publicKeyMultibase);
      try {
        await client.send(new PutCommand({ TableName, Item: { ...key, ...itemKey, entity: 'IssuerKey' }, ConditionExpression: isNew }));
        return { key, created: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const stored = await getRecord(table, IssuerKey, 'IssuerKey', itemKey);
        if (!stored) throw error; // refused as existing, then gone: nothing deletes keys, so this is not ours to explain
        return { key: stored, created: false };
      }
    },

    async list(did) {
      const { pk, skPrefix } = keys.issuerKeysOf(did);
      const found = await queryRecords(table, IssuerKey, 'IssuerKey', {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        ConsistentRead: true,
      });
      return found.sort((a, b) => a.firstUsedAt.localeCompare(b.firstUsedAt));
    },

    async markCompromised(did, publicKeyMultibase, at) {
      const key = keys.issuerKey(did, publicKeyMultibase);
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName,
            Key: key,
            UpdateExpression: 'SET compromisedAt = if_not_exists(compromisedAt, :at)',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':at': at },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return parseStored(IssuerKey, 'IssuerKey', key, Attributes ?? {});
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new NotFoundError(`${did} has no key ${publicKeyMultibase}`, error);
        throw error;
      }
    },
  };
}
