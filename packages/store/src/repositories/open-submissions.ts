// Submissions not yet in a final status, for the reconciler: a sparse GSI1 partition. A submission
// gets the GSI1 attributes when it is created and loses them when it reaches a final status, so
// the query reads only the open ones (no Scan), oldest first. The submissions repository writes
// the attributes (openSubmissionAttributes, openSubmissionUpdate) and serves the list.
import { SUBMISSION_TRANSITIONS, Submission, type SubmissionStatus } from '@tessera/core';
import { keys } from '../keys.ts';
import type { Store } from '../store.ts';
import { queryRecords, type TableContext } from '../table-context.ts';

const { isFinal } = SUBMISSION_TRANSITIONS;

/** The GSI1 attributes a newly created submission carries. */
export function openSubmissionAttributes(submission: Pick<Submission, 'id' | 'receivedAt' | 'status'>): Record<string, string> {
  return isFinal(submission.status) ? {} : keys.openSubmission(submission.receivedAt, submission.id);
}

/** The clause a status change adds to its UpdateExpression: a final status leaves the open set. */
export function openSubmissionUpdate(to: SubmissionStatus): string | undefined {
  return isFinal(to) ? 'REMOVE gsi1pk, gsi1sk' : undefined;
}

export function openSubmissionsRepository(table: TableContext): Pick<Store['submissions'], 'listOpen'> {
  return {
    listOpen: (options = {}) =>
      queryRecords(
        table,
        Submission,
        'Submission',
        { IndexName: 'GSI1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.openSubmissions().gsi1pk } },
        options,
      ),
  };
}
