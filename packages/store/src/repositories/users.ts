// Admin users (the local stand-in for Cognito users): a user item, an item that makes the e-mail
// unique, and an item that finds the user by the SHA-256 of their bearer token. The three are
// written in one transaction, so a user never exists without its token or with a taken e-mail.
import { createHash } from 'node:crypto';
import { AdminUser, ConflictError } from '@tessera/core';
import * as z from 'zod';
import { keys } from '../keys.ts';
import type { Store } from '../store.ts';
import { getRecord, isNew, queryRecords, type TableContext } from '../table-context.ts';
import { writeTransaction } from '../transactions.ts';

const UserPointer = z.object({ userId: z.string().min(1) });

/** What is kept of a bearer token: its SHA-256, hex. Tokens are 256 random bits, so no salt or slow hash is needed. */
export function hashUserToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function usersRepository(table: TableContext): Store['users'] {
  const { tableName: TableName } = table;
  const get = (id: string) => getRecord(table, AdminUser, 'AdminUser', keys.user(id));

  return {
    async create(user, tokenHash) {
      const result = await writeTransaction(table, {
        user: { Put: { TableName, Item: { ...user, ...keys.user(user.id), entity: 'AdminUser' }, ConditionExpression: isNew } },
        email: { Put: { TableName, Item: { userId: user.id, ...keys.userByEmail(user.email), entity: 'AdminUserEmail' }, ConditionExpression: isNew } },
        token: { Put: { TableName, Item: { userId: user.id, ...keys.userByTokenHash(tokenHash), entity: 'AdminUserToken' }, ConditionExpression: isNew } },
      });
      if (result.committed) return;
      if (result.refused.email) throw new ConflictError(`a user with the e-mail ${user.email} already exists`);
      throw new ConflictError(`user '${user.id}' already exists`, result.error);
    },
    get,
    async getByTokenHash(tokenHash) {
      const pointer = await getRecord(table, UserPointer, 'AdminUserToken', keys.userByTokenHash(tokenHash));
      return pointer && get(pointer.userId);
    },
    async list() {
      const users = await queryRecords(table, AdminUser, 'AdminUser', {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.users().pk, ':prefix': keys.users().skPrefix },
      });
      return users.sort((a, b) => a.email.localeCompare(b.email));
    },
  };
}
