// Status lists: each issuer's numbered Bitstring Status Lists per purpose, with an atomic index
// counter (nextIndex) and a version for optimistic concurrency on the bits.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { StatusList } from '@tessera/core';
import { keys } from '../keys.ts';
import type { Store } from '../store.ts';
import { getRecord, type TableContext } from '../table-context.ts';

/** A list item before its first bit change has no version: that is version 0. */
const StoredStatusList = StatusList.extend({ version: StatusList.shape.version.default(0) });
/** Which list of an issuer and purpose new credentials get their index from. */
const CurrentStatusList = z.object({ listNumber: z.number().int().min(1) });

export function statusListsRepository(table: TableContext, statusListSize: number): Store['statusLists'] {
  const { client, tableName: TableName } = table;
  /** Which status list each issuer and purpose allocates from, as last seen by this process. */
  const currentLists = new Map<string, number>();

  return {
    async allocate(issuerId, purpose) {
      // Each round either takes an index or sees the current list full and moves on to the next.
      // The current list number is remembered: the pointer only ever moves past a full list, so
      // a stale number costs one refused update (then a read), never a wrong index.
      const cacheKey = `${issuerId}\u0000${purpose}`;
      let known = currentLists.get(cacheKey);
      for (;;) {
        const listNumber = known ?? (await getRecord(table, CurrentStatusList, 'CurrentStatusList', keys.currentStatusList(issuerId, purpose)))?.listNumber ?? 1;
        known = undefined;
        try {
          const { Attributes } = await client.send(
            new UpdateCommand({
              TableName,
              Key: keys.statusList(issuerId, purpose, listNumber),
              UpdateExpression: 'ADD #next :one SET #entity = :entity, #issuerId = :issuerId, #purpose = :purpose, #listNumber = :listNumber',
              ConditionExpression: 'attribute_not_exists(#next) OR #next < :size',
              ExpressionAttributeNames: { '#next': 'nextIndex', '#entity': 'entity', '#issuerId': 'issuerId', '#purpose': 'purpose', '#listNumber': 'listNumber' },
              ExpressionAttributeValues: { ':one': 1, ':size': statusListSize, ':entity': 'StatusList', ':issuerId': issuerId, ':purpose': purpose, ':listNumber': listNumber },
              // The whole item: its versions say whether the list as it is was published already.
              ReturnValues: 'ALL_NEW',
            }),
          );
          currentLists.set(cacheKey, listNumber);
          const version = Number(Attributes?.version ?? 0);
          const publishedVersion = Attributes?.publishedVersion === undefined ? undefined : Number(Attributes.publishedVersion);
          return { purpose, listNumber, index: Number(Attributes?.nextIndex) - 1, published: publishedVersion !== undefined && publishedVersion >= version };
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
        // Full. Only the first caller to see it moves the pointer; the others find it moved.
        try {
          await client.send(
            new PutCommand({
              TableName,
              Item: { ...keys.currentStatusList(issuerId, purpose), entity: 'CurrentStatusList', listNumber: listNumber + 1 },
              ConditionExpression: 'attribute_not_exists(pk) OR listNumber = :listNumber',
              ExpressionAttributeValues: { ':listNumber': listNumber },
            }),
          );
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
    },

    get: (issuerId, purpose, listNumber) => getRecord(table, StoredStatusList, 'StatusList', keys.statusList(issuerId, purpose, listNumber)),

    async markPublished(issuerId, purpose, listNumber, version) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: keys.statusList(issuerId, purpose, listNumber),
            UpdateExpression: 'SET publishedVersion = :version',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(publishedVersion) OR publishedVersion < :version)',
            ExpressionAttributeValues: { ':version': version },
          }),
        );
      } catch (error) {
        // Someone already marked this version or a newer one: nothing to do.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
  };
}
