// TransactWriteItems with the two things every caller needs: a retry when a concurrent
// transaction touched the same items, and the cancellation reasons in a form callers can branch on.
import { TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** Why each item of a cancelled transaction failed, in the order the items were given;
 *  `item` is the stored item (raw attribute values) when the caller asked for ALL_OLD. */
export type Cancellation = { code: string | undefined; item: Record<string, AttributeValue> | undefined }[];

export type TransactionResult = { committed: true } | { committed: false; reasons: Cancellation; error: TransactionCanceledException };

const ATTEMPTS = 3;

/** Commits the items, or reports why a condition refused them. Other failures are thrown. */
export async function writeTransaction(client: DynamoDBDocumentClient, items: TransactItems): Promise<TransactionResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
      return { committed: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons: Cancellation = (error.CancellationReasons ?? []).map((r) => ({ code: r.Code, item: r.Item }));
      // Two writers raced (a webhook delivered twice at once): once the other commits, our
      // conditions give the real answer.
      const raced = reasons.some((r) => r.code === 'TransactionConflict');
      const refused = reasons.some((r) => r.code === 'ConditionalCheckFailed');
      if (raced && !refused && attempt < ATTEMPTS) {
        await sleep(25 * attempt);
        continue;
      }
      return { committed: false, reasons, error };
    }
  }
}

/** True when the condition on the item at `index` refused the transaction. */
export function refusedAt(reasons: Cancellation, index: number): boolean {
  return reasons[index]?.code === 'ConditionalCheckFailed';
}
