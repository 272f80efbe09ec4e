// The console's sessions: a signed-in person's identity and roles, found by the SHA-256 of the
// random token their cookie carries (the token itself is never stored). A session ends at its
// expiry (checked on every read: DynamoDB's TTL deletes late) or when its holder signs out.
import { ADMIN_ROLES } from '@tessera/core';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { keys } from '../keys.ts';
import { TABLE_DEFINITION } from '../table.ts';
import { getRecord, isNew, type TableContext } from '../table-context.ts';

export const ConsoleSession = z.object({
  tokenHash: z.string().min(1),
  /** The actor id the admin API would name (a user's id, `local-admin`, or a Cognito e-mail/sub). */
  actorId: z.string().min(1),
  roles: z.array(z.enum(ADMIN_ROLES)),
  /** The person's e-mail when known: the reviews addressed to it are their queue. */
  email: z.string().optional(),
  name: z.string().optional(),
  /** How they signed in. */
  via: z.enum(['token', 'cognito']),
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type ConsoleSession = z.infer<typeof ConsoleSession>;

export interface ConsoleSessionsRepository {
  create(session: ConsoleSession): Promise<void>;
  /** The session, if it exists and has not expired at `now`. */
  get(tokenHash: string, now: Date): Promise<ConsoleSession | undefined>;
  /** Signs out: the session is gone (idempotent). */
  delete(tokenHash: string): Promise<void>;
}

export function consoleSessionsRepository(table: TableContext): ConsoleSessionsRepository {
  const { client, tableName: TableName } = table;
  return {
    async create(session) {
      await client.send(
        new PutCommand({
          TableName,
          Item: {
            ...session,
            ...keys.consoleSession(session.tokenHash),
            entity: 'ConsoleSession',
            [TABLE_DEFINITION.timeToLiveAttribute]: Math.ceil(Date.parse(session.expiresAt) / 1000),
          },
          // 256 random bits never collide; if one did, the older session must not be taken over.
          ConditionExpression: isNew,
        }),
      );
    },
    async get(tokenHash, now) {
      const session = await getRecord(table, ConsoleSession, 'ConsoleSession', keys.consoleSession(tokenHash));
      return session && Date.parse(session.expiresAt) > now.getTime() ? session : undefined;
    },
    async delete(tokenHash) {
      await client.send(new DeleteCommand({ TableName, Key: keys.consoleSession(tokenHash) }));
    },
  };
}
