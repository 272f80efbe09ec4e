// The earner's own page: sign-in links and sessions, each found by the SHA-256 of its secret (the
// secret itself is never stored). A sign-in link opens one session, once: it is deleted as it is
// used, in one conditional write, so two clicks cannot both sign in. Both expire; DynamoDB's TTL
// (purgeAt) removes them some time later, so every read checks the expiry itself.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { EarnerSession, EarnerSignIn } from '@tessera/core';
import { keys } from '../keys.ts';
import type { Store } from '../store.ts';
import { TABLE_DEFINITION } from '../table.ts';
import { getRecord, isNew, parseStored, type TableContext } from '../table-context.ts';

const purgeAt = (expiresAt: string) => ({ [TABLE_DEFINITION.timeToLiveAttribute]: Math.ceil(Date.parse(expiresAt) / 1000) });

export function earnerSessionsRepository(table: TableContext): Store['earnerSessions'] {
  const { client, tableName: TableName } = table;
  return {
    async createSignIn(signIn) {
      const key = keys.earnerSignIn(signIn.tokenHash);
      await client.send(new PutCommand({ TableName, Item: { ...signIn, ...key, entity: 'EarnerSignIn', ...purgeAt(signIn.expiresAt) }, ConditionExpression: isNew }));
    },

    async findSignIn(tokenHash, now) {
      const signIn = await getRecord(table, EarnerSignIn, 'EarnerSignIn', keys.earnerSignIn(tokenHash));
      return signIn && Date.parse(signIn.expiresAt) > now.getTime() ? signIn : undefined;
    },

    async consumeSignIn(tokenHash, now) {
      const key = keys.earnerSignIn(tokenHash);
      try {
        const { Attributes } = await client.send(new DeleteCommand({ TableName, Key: key, ConditionExpression: 'attribute_exists(pk)', ReturnValues: 'ALL_OLD' }));
        if (!Attributes) return undefined;
        const signIn = parseStored(EarnerSignIn, 'EarnerSignIn', key, Attributes);
        return Date.parse(signIn.expiresAt) > now.getTime() ? signIn : undefined;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return undefined;
        throw error;
      }
    },

    async createSession(session) {
      const key = keys.earnerSession(session.sessionHash);
      await client.send(new PutCommand({ TableName, Item: { ...session, ...key, entity: 'EarnerSession', ...purgeAt(session.expiresAt) }, ConditionExpression: isNew }));
    },

    async getSession(sessionHash, now) {
      const session = await getRecord(table, EarnerSession, 'EarnerSession', keys.earnerSession(sessionHash));
      return session && Date.parse(session.expiresAt) > now.getTime() ? session : undefined;
    },

    async endSession(sessionHash) {
      await client.send(new DeleteCommand({ TableName, Key: keys.earnerSession(sessionHash) }));
    },
  };
}
