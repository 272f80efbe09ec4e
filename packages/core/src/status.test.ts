// The two state machines, pair by pair: an emptied, widened or altered table fails here.
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_STATUSES, SUBMISSION_STATUSES } from './records.ts';
import { CREDENTIAL_TRANSITIONS, SUBMISSION_TRANSITIONS, type StateMachine } from './status.ts';

/** Every pair of statuses, as `FROM→TO`. */
function allPairs<S extends string>(statuses: readonly S[]): string[] {
  return statuses.flatMap((from) => statuses.map((to) => `${from}→${to}`));
}

function allowedPairs<S extends string>(machine: StateMachine<S>, statuses: readonly S[]): string[] {
  return statuses.flatMap((from) => statuses.filter((to) => machine.canTransition(from, to)).map((to) => `${from}→${to}`));
}

describe('submission state machine', () => {
  const ALLOWED = [
    'RECEIVED→IN_REVIEW',
    'RECEIVED→APPROVED',
    'RECEIVED→FAILED',
    'IN_REVIEW→APPROVED',
    'IN_REVIEW→REJECTED',
    'IN_REVIEW→EXPIRED',
    'IN_REVIEW→FAILED',
    'APPROVED→ISSUED',
    'APPROVED→FAILED',
  ];

  it('allows exactly these moves', () => {
    expect(allowedPairs(SUBMISSION_TRANSITIONS, SUBMISSION_STATUSES)).toStrictEqual(ALLOWED);
  });

  it('refuses every other pair, staying put included', () => {
    const refused = allPairs(SUBMISSION_STATUSES).filter((pair) => !ALLOWED.includes(pair));
    expect(refused).toHaveLength(7 * 7 - ALLOWED.length);
    for (const pair of refused) {
      const [from, to] = pair.split('→') as [(typeof SUBMISSION_STATUSES)[number], (typeof SUBMISSION_STATUSES)[number]];
      expect(SUBMISSION_TRANSITIONS.canTransition(from, to), pair).toBe(false);
    }
  });

  it('gives the store each status’s predecessors from the same table', () => {
    expect(Object.fromEntries(SUBMISSION_STATUSES.map((to) => [to, SUBMISSION_TRANSITIONS.allowedPredecessors(to)]))).toStrictEqual({
      RECEIVED: [],
      IN_REVIEW: ['RECEIVED'],
      APPROVED: ['RECEIVED', 'IN_REVIEW'],
      ISSUED: ['APPROVED'],
      REJECTED: ['IN_REVIEW'],
      EXPIRED: ['IN_REVIEW'],
      FAILED: ['RECEIVED', 'IN_REVIEW', 'APPROVED'],
    });
  });

  it('knows every status and which are final', () => {
    expect(SUBMISSION_TRANSITIONS.statuses).toStrictEqual(SUBMISSION_STATUSES);
    expect(SUBMISSION_STATUSES.filter((s) => SUBMISSION_TRANSITIONS.isFinal(s))).toStrictEqual(['ISSUED', 'REJECTED', 'EXPIRED', 'FAILED']);
  });
});

describe('credential state machine', () => {
  const ALLOWED = ['ACTIVE→SUSPENDED', 'ACTIVE→REVOKED', 'SUSPENDED→ACTIVE', 'SUSPENDED→REVOKED'];

  it('allows exactly these moves: suspension is reversible, revocation final', () => {
    expect(allowedPairs(CREDENTIAL_TRANSITIONS, CREDENTIAL_STATUSES)).toStrictEqual(ALLOWED);
  });

  it('refuses every other pair', () => {
    const refused = allPairs(CREDENTIAL_STATUSES).filter((pair) => !ALLOWED.includes(pair));
    expect(refused).toStrictEqual(['ACTIVE→ACTIVE', 'SUSPENDED→SUSPENDED', 'REVOKED→ACTIVE', 'REVOKED→SUSPENDED', 'REVOKED→REVOKED']);
    for (const pair of refused) {
      const [from, to] = pair.split('→') as [(typeof CREDENTIAL_STATUSES)[number], (typeof CREDENTIAL_STATUSES)[number]];
      expect(CREDENTIAL_TRANSITIONS.canTransition(from, to), pair).toBe(false);
    }
  });

  it('gives the store each status’s predecessors from the same table', () => {
    expect(CREDENTIAL_TRANSITIONS.allowedPredecessors('ACTIVE')).toStrictEqual(['SUSPENDED']);
    expect(CREDENTIAL_TRANSITIONS.allowedPredecessors('SUSPENDED')).toStrictEqual(['ACTIVE']);
    expect(CREDENTIAL_TRANSITIONS.allowedPredecessors('REVOKED')).toStrictEqual(['ACTIVE', 'SUSPENDED']);
    expect(CREDENTIAL_STATUSES.filter((s) => CREDENTIAL_TRANSITIONS.isFinal(s))).toStrictEqual(['REVOKED']);
  });
});
