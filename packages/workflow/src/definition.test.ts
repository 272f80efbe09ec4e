import { describe, expect, it } from 'vitest';
import { issuanceWorkflowDefinition } from './definition.ts';

const functions = { checkEvidence: 'a', requestReview: 'b', recordOutcome: 'c', releaseCredential: 'd', notifyEarner: 'e' };

describe('the issuance workflow definition', () => {
  const definition = issuanceWorkflowDefinition({ functions, reviewTimeoutSeconds: 3600 });

  it('waits for the reviewer with a task token and the configured timeout, expiring on timeout', () => {
    const review = definition.States.RequestReview!;
    expect(review.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(review.TimeoutSeconds).toBe(3600);
    expect(review.Catch).toContainEqual({ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'RecordExpiry' });
  });

  it('catches every failure of a working step into RecordFailure', () => {
    for (const name of ['CheckEvidence', 'RequestReview', 'Approve', 'Release', 'RecordRejection', 'RecordExpiry']) {
      expect(definition.States[name]!.Catch, name).toContainEqual(expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'RecordFailure' }));
    }
  });

  it('finishes a release whose credential is stored instead of failing it, and never loops back into RecordFailure', () => {
    expect(definition.States.RecordFailure).toMatchObject({ ResultPath: '$.failure', Next: 'FailedOrReleaseUnfinished' });
    expect(definition.States.FailedOrReleaseUnfinished).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.failure.result.releaseUnfinished', BooleanEquals: true, Next: 'FinishRelease' }],
      Default: 'Failed',
    });
    expect(definition.States.FinishRelease).toMatchObject({ Next: 'Notify', Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ReleaseUnfinished' }] });
    expect(definition.States.ReleaseUnfinished).toMatchObject({ Type: 'Fail', Error: 'Tessera.ReleaseUnfinished' });
  });

  it('retries a transient step fault six times, backing off up to 16 s, in every Task', () => {
    for (const [name, state] of Object.entries(definition.States)) {
      if (state.Type !== 'Task') continue;
      expect(state.Retry, name).toContainEqual({
        ErrorEquals: ['Tessera.Retryable'],
        IntervalSeconds: 1,
        MaxAttempts: 6,
        BackoffRate: 2,
        MaxDelaySeconds: 16,
        JitterStrategy: 'FULL',
      });
    }
  });

  it('gives every Task an explicit timeout (Step Functions has none by default)', () => {
    for (const [name, state] of Object.entries(definition.States)) {
      if (state.Type === 'Task') expect(state.TimeoutSeconds, name).toBeGreaterThan(0);
    }
  });

  it('refuses a review timeout the local runner or AWS cannot honour', () => {
    expect(() => issuanceWorkflowDefinition({ functions, reviewTimeoutSeconds: 0 })).toThrow(RangeError);
    expect(() => issuanceWorkflowDefinition({ functions, reviewTimeoutSeconds: 30 * 24 * 3600 })).toThrow(/24 days/);
  });
});
