// TransactWriteItems with the two things every caller needs: a retry when a concurrent
// transaction touched the same items, and each condition refusal by the name the caller gave its
// item, with the stored item (when asked for with ALL_OLD) already unmarshalled.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TableContext } from './table-context.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A refused item: the stored item as it was (plain values), if the item asked for ALL_OLD and it exists. */
export type Refusal = { item: Record<string, unknown> | undefined };

export type TransactionResult<Name extends string> = { committed: true } | { committed: false; refused: Partial<Record<Name, Refusal>>; error: TransactionCanceledException };

const ATTEMPTS = 3;

/** Commits the named items (in the order given; an item left undefined is not part of it), or returns
 *  which of them a condition refused. Any other failure (and a race still lost after the retries) is thrown. */
export async function writeTransaction<Name extends string>({ client }: TableContext, items: { [N in Name]: TransactItem | undefined }): Promise<TransactionResult<Name>> {
  const names = (Object.keys(items) as Name[]).filter((name) => items[name] !== undefined);
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: names.map((name) => items[name]!) }));
      return { committed: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const refused: Partial<Record<Name, Refusal>> = {};
      names.forEach((name, i) => {
        const reason = reasons[i];
        if (reason?.Code === 'ConditionalCheckFailed') refused[name] = { item: reason.Item && unmarshall(reason.Item) };
      });
      if (Object.keys(refused).length > 0) return { committed: false, refused, error };
      // Two writers raced (a webhook delivered twice at once, two reviewers at once): once the
      // other commits, our conditions give the real answer.
      const raced = reasons.some((r) => r.Code === 'TransactionConflict');
      if (!raced || attempt >= ATTEMPTS) throw error;
      await sleep(25 * attempt);
    }
  }
}
