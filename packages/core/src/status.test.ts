// A submission's lifecycle, as operators and the README describe it: every write that changes a
// status is conditioned on these answers, so a wrong one would let a decided badge change again.
import { describe, expect, it } from 'vitest';
import { SUBMISSION_STATUSES, allowedPredecessors, canTransition, isFinal, type SubmissionStatus } from '@tessera/core';

/** The lifecycle, written out: RECEIVED → (IN_REVIEW →) APPROVED → ISSUED, or an end on the way. */
const LIFECYCLE: Record<SubmissionStatus, SubmissionStatus[]> = {
  RECEIVED: ['IN_REVIEW', 'APPROVED', 'FAILED'],
  IN_REVIEW: ['APPROVED', 'REJECTED', 'EXPIRED', 'FAILED'],
  APPROVED: ['ISSUED', 'FAILED'],
  ISSUED: [],
  REJECTED: [],
  EXPIRED: [],
  FAILED: [],
};

const pairs = SUBMISSION_STATUSES.flatMap((from) => SUBMISSION_STATUSES.map((to) => [from, to] as const));

describe('submission status transitions', () => {
  it.each(pairs)('%s → %s is allowed exactly when the lifecycle has it', (from, to) => {
    expect(canTransition(from, to)).toBe(LIFECYCLE[from].includes(to));
  });

  it('ends in ISSUED, REJECTED, EXPIRED or FAILED, and nowhere else', () => {
    expect(SUBMISSION_STATUSES.filter(isFinal)).toEqual(['ISSUED', 'REJECTED', 'EXPIRED', 'FAILED']);
  });

  it('never leaves an end state, not even for itself', () => {
    for (const end of ['ISSUED', 'REJECTED', 'EXPIRED', 'FAILED'] as const) {
      expect(SUBMISSION_STATUSES.filter((to) => canTransition(end, to))).toEqual([]);
    }
  });

  it.each([
    ['IN_REVIEW', ['RECEIVED']],
    ['APPROVED', ['RECEIVED', 'IN_REVIEW']],
    ['ISSUED', ['APPROVED']],
    ['REJECTED', ['IN_REVIEW']],
    ['EXPIRED', ['IN_REVIEW']],
    ['FAILED', ['RECEIVED', 'IN_REVIEW', 'APPROVED']],
    ['RECEIVED', []],
  ] as const)('a write to %s is conditioned on the submission being in %j', (to, from) => {
    expect(allowedPredecessors(to)).toEqual(from);
  });
});
