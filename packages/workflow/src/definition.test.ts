import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_ERROR, issuanceWorkflowDefinition } from './definition.ts';
import type { ExecutionInput } from './payloads.ts';

const functions = { checkEvidence: 'a', requestReview: 'b', recordOutcome: 'c', releaseCredential: 'd', notifyEarner: 'e' };
const stepOf = { a: 'checkEvidence', b: 'requestReview', c: 'recordOutcome', d: 'releaseCredential', e: 'notifyEarner' } as const;
type Step = (typeof stepOf)[keyof typeof stepOf];

/**
 * Runs the real ASL in the local interpreter with each function answered by `answers` (a step with
 * no answer fails the test's run), and says which steps ran with which payloads, in order.
 */
async function runDefinition(input: ExecutionInput, answers: Partial<Record<Step, (payload: Record<string, unknown>) => unknown>>) {
  const definition = issuanceWorkflowDefinition({ functions, reviewTimeoutSeconds: 3600 });
  const calls: { step: Step; payload: Record<string, unknown> }[] = [];
  const taskResourceLocalHandlers = Object.fromEntries(
    Object.entries(definition.States)
      .filter(([, state]) => state.Type === 'Task')
      .map(([name]) => [
        name,
        async ({ FunctionName, Payload }: { FunctionName: keyof typeof stepOf; Payload: Record<string, unknown> }) => {
          const step = stepOf[FunctionName];
          calls.push({ step, payload: Payload });
          const answer = answers[step];
          if (!answer) throw new Error(`${step} was not expected to run`);
          // A callback task's result is what the callback sent (the decision); an invocation's, Lambda's envelope.
          return step === 'requestReview' ? answer(Payload) : { StatusCode: 200, Payload: answer(Payload) };
        },
      ]),
  );
  const run = new StateMachine(definition as never, { validationOptions: { checkArn: false } }).run(input, {
    overrides: { taskResourceLocalHandlers },
    context: { Task: { Token: 'token' } },
  } as never);
  const entered: string[] = [];
  const log = (async () => {
    for await (const event of run.eventLogs) if (event.type === 'StateEntered') entered.push(event.state.name);
  })();
  const outcome = await run.result.then(
    () => 'succeeded',
    (error: Error) => `failed: ${(error.cause as Error | undefined)?.name ?? error.name}`,
  );
  await log;
  return { outcome, steps: calls.map((c) => c.step), calls, entered };
}

const released = () => ({ credentialId: 'c-1', credentialUrl: 'https://x.example/c-1.json', issuedAt: '2026-12-03T00:00:00Z' });

describe('the issuance workflow definition', () => {
  const definition = issuanceWorkflowDefinition({ functions, reviewTimeoutSeconds: 3600 });

  it('waits for the reviewer with a task token and the configured timeout, expiring on timeout', () => {
    const review = definition.States.RequestReview!;
    expect(review.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(review.TimeoutSeconds).toBe(3600);
    expect(review.Catch).toContainEqual({ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'RecordExpiry' });
  });

  it('catches every failure of a working step into RecordFailure', () => {
    for (const name of ['CheckEvidence', 'RequestReview', 'Release', 'RecordRejection', 'RecordExpiry']) {
      expect(definition.States[name]!.Catch, name).toContainEqual(expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'RecordFailure' }));
    }
  });

  it('keeps the issuance visible by its states: evidence received → QA review → release → notify, with no Approve step of its own', () => {
    expect(definition.StartAt).toBe('EvidenceReceived');
    expect(Object.keys(definition.States)).toEqual(
      expect.arrayContaining(['EvidenceReceived', 'CheckEvidence', 'EvidenceFallsShort', 'RequestReview', 'IsApproved', 'Release', 'Notify']),
    );
    expect(definition.States).not.toHaveProperty('Approve');
    expect(definition.States.EvidenceReceived).toMatchObject({ Default: 'Release' });
    expect(definition.States.IsApproved).toMatchObject({ Choices: [{ Variable: '$.review.decision', StringEquals: 'approve', Next: 'Release' }] });
  });

  it("auto policy with the intake's verdict: no evidence step and no approval step run, only release and notify", async () => {
    const run = await runDefinition({ submissionId: 's-1', evidence: { qaPolicy: 'auto' } }, { releaseCredential: released, notifyEarner: () => ({}) });

    expect(run).toMatchObject({ outcome: 'succeeded', steps: ['releaseCredential', 'notifyEarner'] });
    // Step Functions bills each state entered: a Choice, the release, Notify and the end.
    expect(run.entered).toEqual(['EvidenceReceived', 'Release', 'Notify', 'Issued']);
    // The release's result rides on to Notify.
    expect(run.calls[1]!.payload).toEqual({ submissionId: 's-1', credential: released() });
  });

  it("manual policy with the intake's verdict: the review's approval goes straight to the release", async () => {
    const run = await runDefinition(
      { submissionId: 's-2', evidence: { qaPolicy: 'manual' } },
      { requestReview: () => ({ decision: 'approve' }), releaseCredential: released, notifyEarner: () => ({}) },
    );

    expect(run).toMatchObject({ outcome: 'succeeded', steps: ['requestReview', 'releaseCredential', 'notifyEarner'] });
    expect(run.entered).toEqual(['EvidenceReceived', 'RequestReview', 'IsApproved', 'Release', 'Notify', 'Issued']);
  });

  it('manual policy, rejected: recorded REJECTED, nothing released', async () => {
    const run = await runDefinition(
      { submissionId: 's-3', evidence: { qaPolicy: 'manual' } },
      { requestReview: () => ({ decision: 'reject' }), recordOutcome: () => ({ status: 'REJECTED' }) },
    );

    expect(run).toMatchObject({ outcome: 'succeeded', steps: ['requestReview', 'recordOutcome'] });
    expect(run.calls[1]!.payload).toEqual({ submissionId: 's-3', outcome: 'REJECTED' });
  });

  it('a verdict with a shortfall is recorded FAILED with the error CheckEvidence would have thrown, and nothing else runs', async () => {
    const shortfall = 'evidence does not meet the requirements of Data Literacy: needs at least 2 evidence item(s), got 1';
    const run = await runDefinition({ submissionId: 's-4', evidence: { qaPolicy: 'auto', shortfall } }, { recordOutcome: () => ({ status: 'FAILED', releaseUnfinished: false }) });

    expect(run).toMatchObject({ outcome: 'failed: Tessera.IssuanceFailed', steps: ['recordOutcome'] });
    expect(run.calls[0]!.payload).toEqual({ submissionId: 's-4', outcome: 'FAILED', error: { Error: EVIDENCE_ERROR, Cause: shortfall } });
    expect(EVIDENCE_ERROR).toBe('IssuanceError');
  });

  it('without a verdict (the reconciler, an execution from before), CheckEvidence reads and decides', async () => {
    const auto = await runDefinition({ submissionId: 's-5' }, { checkEvidence: () => ({ qaPolicy: 'auto' }), releaseCredential: released, notifyEarner: () => ({}) });
    const manual = await runDefinition(
      { submissionId: 's-6' },
      { checkEvidence: () => ({ qaPolicy: 'manual' }), requestReview: () => ({ decision: 'reject' }), recordOutcome: () => ({}) },
    );

    expect(auto).toMatchObject({ outcome: 'succeeded', steps: ['checkEvidence', 'releaseCredential', 'notifyEarner'] });
    expect(auto.entered).toEqual(['EvidenceReceived', 'CheckEvidence', 'EvidenceReceived', 'Release', 'Notify', 'Issued']);
    expect(manual).toMatchObject({ outcome: 'succeeded', steps: ['checkEvidence', 'requestReview', 'recordOutcome'] });
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
