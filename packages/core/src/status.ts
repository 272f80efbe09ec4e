// Which submission status may follow which. Every write that changes a status is guarded by
// a condition on the status it leaves, so this table is the whole state machine of a submission.
import type { SubmissionStatus } from './domain.ts';

const NEXT: Record<SubmissionStatus, readonly SubmissionStatus[]> = {
  RECEIVED: ['IN_REVIEW', 'APPROVED', 'FAILED'],
  IN_REVIEW: ['APPROVED', 'REJECTED', 'EXPIRED', 'FAILED'],
  APPROVED: ['ISSUED', 'FAILED'],
  ISSUED: [],
  REJECTED: [],
  EXPIRED: [],
  FAILED: [],
};

/** The statuses a submission may be in just before moving to `to`. */
export function allowedPredecessors(to: SubmissionStatus): SubmissionStatus[] {
  return (Object.keys(NEXT) as SubmissionStatus[]).filter((from) => NEXT[from].includes(to));
}

export function canTransition(from: SubmissionStatus, to: SubmissionStatus): boolean {
  return NEXT[from].includes(to);
}

export function isFinal(status: SubmissionStatus): boolean {
  return NEXT[status].length === 0;
}
