// The state machines of a submission and of a released credential: which status may follow which.
// The store computes every guarded write's allowed "from" statuses from these tables, so each
// table is the whole state machine of its record; nothing else lists transitions.
import type { CredentialStatus, SubmissionStatus } from './records.ts';

export type StateMachine<S extends string> = {
  /** Every status, in the table's order. */
  readonly statuses: readonly S[];
  /** The statuses a record may be in just before moving to `to`. */
  allowedPredecessors(to: S): S[];
  canTransition(from: S, to: S): boolean;
  /** Nothing follows a final status. */
  isFinal(status: S): boolean;
};

function stateMachine<S extends string>(next: Readonly<Record<S, readonly S[]>>): StateMachine<S> {
  const statuses = Object.keys(next) as S[];
  return {
    statuses,
    allowedPredecessors: (to) => statuses.filter((from) => next[from].includes(to)),
    canTransition: (from, to) => next[from].includes(to),
    isFinal: (status) => next[status].length === 0,
  };
}

export const SUBMISSION_TRANSITIONS: StateMachine<SubmissionStatus> = stateMachine<SubmissionStatus>({
  RECEIVED: ['IN_REVIEW', 'APPROVED', 'FAILED'],
  IN_REVIEW: ['APPROVED', 'REJECTED', 'EXPIRED', 'FAILED'],
  APPROVED: ['ISSUED', 'FAILED'],
  ISSUED: [],
  REJECTED: [],
  EXPIRED: [],
  FAILED: [],
});

/** Suspension is reversible; revocation is final: nothing leaves REVOKED. */
export const CREDENTIAL_TRANSITIONS: StateMachine<CredentialStatus> = stateMachine<CredentialStatus>({
  ACTIVE: ['SUSPENDED', 'REVOKED'],
  SUSPENDED: ['ACTIVE', 'REVOKED'],
  REVOKED: [],
});
