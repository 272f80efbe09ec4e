// Where a resumed execution starts: the deployed ASL cut down to what is reachable from the
// checkpoint, with a review wait keeping only the time it had left.
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { issuanceWorkflowDefinition } from '@tessera/workflow';
import { resumeAt } from './workflow-runner.ts';

const definition = issuanceWorkflowDefinition({
  functions: { checkEvidence: 'c', requestReview: 'r', recordOutcome: 'o', releaseCredential: 'l', notifyEarner: 'n' },
  reviewTimeoutSeconds: 7 * 24 * 3600,
});

describe('resumeAt', () => {
  it('starts at the checkpoint with the wait shortened to what was left, and the interpreter accepts it', () => {
    // Prepare: entered the review wait, 90.5 s of its deadline left.
    const now = new Date('2026-12-01T10:00:00Z');
    const checkpoint = { state: 'RequestReview', input: { submissionId: 's' }, enteredAt: '2026-11-24T10:00:00Z', deadlineAt: '2026-12-01T10:01:30.500Z' };

    // Act
    const resumed = resumeAt(definition, checkpoint, now);

    // Assess
    expect(resumed.StartAt).toBe('RequestReview');
    expect(resumed.States.RequestReview).toMatchObject({ TimeoutSeconds: 91, Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken' });
    expect(Object.keys(resumed.States)).not.toContain('CheckEvidence');
    expect(Object.keys(resumed.States)).not.toContain('ChooseReview');
    expect(Object.keys(resumed.States)).toEqual(expect.arrayContaining(['IsApproved', 'Release', 'Notify', 'RecordExpiry', 'RecordFailure', 'Failed']));
    expect(() => new StateMachine(resumed as never, { validationOptions: { checkArn: false } })).not.toThrow();
  });

  it('a deadline already past leaves one second, so the wait ends at once as a timeout (EXPIRED)', () => {
    const resumed = resumeAt(definition, { state: 'RequestReview', input: {}, enteredAt: 'x', deadlineAt: '2026-11-01T00:00:00Z' }, new Date('2026-12-01T00:00:00Z'));

    expect(resumed.States.RequestReview!.TimeoutSeconds).toBe(1);
  });

  it('an ordinary step keeps its own timeout, and only what follows it remains', () => {
    const resumed = resumeAt(definition, { state: 'Release', input: {}, enteredAt: 'x' });

    expect(resumed.States.Release!.TimeoutSeconds).toBe(definition.States.Release!.TimeoutSeconds);
    expect(Object.keys(resumed.States).sort()).toEqual(
      ['Failed', 'FailedOrReleaseUnfinished', 'FinishRelease', 'Issued', 'Notify', 'NotificationFailed', 'RecordFailure', 'Release', 'ReleaseUnfinished'].sort(),
    );
  });

  it('refuses a state the workflow does not have', () => {
    expect(() => resumeAt(definition, { state: 'Gone', input: {}, enteredAt: 'x' })).toThrow("no state 'Gone'");
  });
});
