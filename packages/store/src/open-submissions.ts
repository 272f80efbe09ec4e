// Submissions not yet in a final status, for the reconciler: a sparse GSI1 partition. A submission
// gets the GSI1 attributes when it is created and loses them when it reaches a final status, so
// the query reads only the open ones (no Scan), oldest first.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SUBMISSION_TRANSITIONS, Submission, type SubmissionStatus } from '@tessera/core';
import { keys, type ItemKey } from './keys.ts';
import { parseStored, type TableContext } from './table-context.ts';

const { isFinal } = SUBMISSION_TRANSITIONS;

/** The GSI1 attributes a newly created submission carries. */
export function openSubmissionAttributes(submission: Pick<Submission, 'id' | 'receivedAt' | 'status'>): Record<string, string> {
  return isFinal(submission.status) ? {} : keys.openSubmission(submission.receivedAt, submission.id);
}

/** The clause a status change adds to its UpdateExpression: a final status leaves the open set. */
export function openSubmissionUpdate(to: SubmissionStatus): string | undefined {
  return isFinal(to) ? 'REMOVE gsi1pk, gsi1sk' : undefined;
}

export async function listOpenSubmissions({ client, tableName: TableName }: TableContext, options: { limit?: number } = {}): Promise<Submission[]> {
  const found: Submission[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.openSubmissions().gsi1pk },
        ExclusiveStartKey,
        Limit: options.limit,
      }),
    );
    for (const item of page.Items ?? []) found.push(parseStored(Submission, 'Submission', item as ItemKey, item));
    ExclusiveStartKey = options.limit !== undefined && found.length >= options.limit ? undefined : page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}
