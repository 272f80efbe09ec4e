// The issuance workflow in Amazon States Language (JSONPath): the single source that CDK deploys
// and the local runner executes. Evidence received → QA review → release → notify, with every
// failure caught into a recorded outcome so an accepted submission always ends in a known state.
import { Decision } from '@tessera/core';

/** The Lambda function (name or ARN) behind each step. */
export type WorkflowFunctions = {
  checkEvidence: string;
  requestReview: string;
  recordOutcome: string;
  releaseCredential: string;
  notifyEarner: string;
};

export type WorkflowOptions = {
  functions: WorkflowFunctions;
  /** How long a reviewer has to decide before the submission ends EXPIRED. */
  reviewTimeoutSeconds: number;
  /** Upper bound for each ordinary Lambda step (Step Functions has none by default). */
  stepTimeoutSeconds?: number;
  /** The AWS partition of the service integration ARNs (CDK passes its token). @default 'aws' */
  partition?: string;
};

export type StateMachineDefinition = { Comment: string; StartAt: string; States: Record<string, Record<string, unknown>> };

/** Transient Lambda service errors worth retrying (AWS's recommended list for lambda:invoke). */
const TRANSIENT_LAMBDA_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

/** Errors our own steps throw for conditions worth another try (DynamoDB throttling, KMS busy). */
export const RETRYABLE_STEP_ERROR = 'Tessera.Retryable';

/** The error name of evidence that falls short: IssuanceError's, as CheckEvidence throws it. */
export const EVIDENCE_ERROR = 'IssuanceError';

/** Retries of a step that failed with RETRYABLE_STEP_ERROR (a throttled table, a busy KMS, S3 or SES). */
const STEP_RETRIES = 6;

// setTimeout overflows above 2^31-1 ms (~24.8 days); the local runner would time out at once.
const MAX_REVIEW_TIMEOUT_SECONDS = 24 * 24 * 3600;

export function issuanceWorkflowDefinition(options: WorkflowOptions): StateMachineDefinition {
  const { functions, reviewTimeoutSeconds } = options;
  const stepTimeoutSeconds = options.stepTimeoutSeconds ?? 60;
  const lambdaInvoke = `arn:${options.partition ?? 'aws'}:states:::lambda:invoke`;
  if (!Number.isInteger(reviewTimeoutSeconds) || reviewTimeoutSeconds < 1 || reviewTimeoutSeconds > MAX_REVIEW_TIMEOUT_SECONDS) {
    throw new RangeError(`reviewTimeoutSeconds must be a whole number from 1 to ${MAX_REVIEW_TIMEOUT_SECONDS} (24 days)`);
  }

  // A step is retried whole, and the release makes a dozen calls (table, signer, public site): with
  // 3 retries a 5 % fault rate per call still failed about 1 release in 100 (docs/RELIABILITY.md).
  // Six, with the wait capped, cure that for under a minute of waiting at worst.
  const retry = [
    { ErrorEquals: TRANSIENT_LAMBDA_ERRORS, IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' },
    { ErrorEquals: [RETRYABLE_STEP_ERROR], IntervalSeconds: 1, MaxAttempts: STEP_RETRIES, BackoffRate: 2, MaxDelaySeconds: 16, JitterStrategy: 'FULL' },
  ];
  const toFailure = { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' };

  /** An ordinary step: invoke the function with `payload`, keep only its returned payload. */
  const step = (functionName: string, payload: Record<string, unknown>, rest: Record<string, unknown>) => ({
    Type: 'Task',
    Resource: lambdaInvoke,
    Parameters: { FunctionName: functionName, Payload: payload },
    ResultSelector: { 'result.$': '$.Payload' },
    TimeoutSeconds: stepTimeoutSeconds,
    Retry: retry,
    ...rest,
  });

  const recordOutcome = (outcome: string, next: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    step(functions.recordOutcome, { 'submissionId.$': '$.submissionId', outcome, ...extra }, { ResultPath: null, ...next });

  return {
    Comment: 'Tessera issuance: evidence received → QA review → release → notify',
    StartAt: 'EvidenceReceived',
    States: {
      // One Choice decides from the evidence check's verdict: the intake holds the submission and its
      // achievement, so it puts the verdict in the input (ExecutionInput) and no step reads for it.
      // Without one (the reconciler's restarts, executions from before), CheckEvidence reads, decides
      // and comes back here. Evidence that falls short fails; else the QA policy picks the review or,
      // under the auto policy, the release (which approves). One transition on the auto path.
      EvidenceReceived: {
        Type: 'Choice',
        // A comparison on a path that is not there is an error (States.Runtime), so every rule is
        // guarded by IsPresent. `Not IsPresent` rather than `IsPresent: false`, which the local
        // interpreter (aws-local-stepfunctions 3.0) never matches.
        Choices: [
          { Not: { Variable: '$.evidence', IsPresent: true }, Next: 'CheckEvidence' },
          { Variable: '$.evidence.shortfall', IsPresent: true, Next: 'EvidenceFallsShort' },
          {
            And: [
              { Variable: '$.evidence.qaPolicy', IsPresent: true },
              { Variable: '$.evidence.qaPolicy', StringEquals: 'manual' },
            ],
            Next: 'RequestReview',
          },
        ],
        Default: 'Release',
      },
      CheckEvidence: step(
        functions.checkEvidence,
        { 'submissionId.$': '$.submissionId' },
        { ResultSelector: { 'qaPolicy.$': '$.Payload.qaPolicy' }, ResultPath: '$.evidence', Next: 'EvidenceReceived', Catch: [toFailure] },
      ),
      // The same error, and so the same failure reason, as CheckEvidence's IssuanceError.
      EvidenceFallsShort: { Type: 'Pass', Parameters: { Error: EVIDENCE_ERROR, 'Cause.$': '$.evidence.shortfall' }, ResultPath: '$.error', Next: 'RecordFailure' },
      RequestReview: {
        Type: 'Task',
        Resource: `${lambdaInvoke}.waitForTaskToken`,
        Parameters: {
          FunctionName: functions.requestReview,
          Payload: { 'submissionId.$': '$.submissionId', 'taskToken.$': '$$.Task.Token' },
        },
        TimeoutSeconds: reviewTimeoutSeconds,
        ResultPath: '$.review',
        Retry: retry,
        Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'RecordExpiry' }, toFailure],
        Next: 'IsApproved',
      },
      IsApproved: {
        Type: 'Choice',
        Choices: [{ Variable: '$.review.decision', StringEquals: Decision.enum.approve, Next: 'Release' }],
        Default: 'RecordRejection',
      },
      // Release approves too (APPROVED in the write that stores the credential), and only a submission
      // that may be: auto policy, or an approve decision on record (release.ts: approvalOf).
      Release: step(functions.releaseCredential, { 'submissionId.$': '$.submissionId' }, { ResultPath: '$.release', Next: 'Notify', Catch: [toFailure] }),
      // The credential is already issued and public here; a mail that cannot be sent fails the
      // execution (and so raises the failed-executions alarm) but must not un-issue the badge.
      // The release's result (credential id and dates) rides along: Notify need not read the credential.
      Notify: step(
        functions.notifyEarner,
        { 'submissionId.$': '$.submissionId', 'credential.$': '$.release.result' },
        { ResultPath: null, Next: 'Issued', Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'NotificationFailed' }] },
      ),
      Issued: { Type: 'Succeed' },
      NotificationFailed: { Type: 'Fail', Error: 'Tessera.NotificationFailed', Cause: 'The credential was issued, but the earner could not be notified.' },
      RecordRejection: recordOutcome('REJECTED', { Next: 'Rejected', Catch: [toFailure] }),
      Rejected: { Type: 'Succeed' },
      RecordExpiry: recordOutcome('EXPIRED', { Next: 'Expired', Catch: [toFailure] }),
      Expired: { Type: 'Succeed' },
      // A release that gave up after its credential was stored is not failed (that would leave a
      // credential that verifies behind a FAILED submission): RecordFailure says so, and the release
      // is finished with a budget of its own. If that gives up too, the submission stays APPROVED
      // with its credential and the reconciler finishes it.
      RecordFailure: step(
        functions.recordOutcome,
        { 'submissionId.$': '$.submissionId', outcome: 'FAILED', 'error.$': '$.error' },
        { ResultPath: '$.failure', Next: 'FailedOrReleaseUnfinished' },
      ),
      FailedOrReleaseUnfinished: {
        Type: 'Choice',
        Choices: [{ Variable: '$.failure.result.releaseUnfinished', BooleanEquals: true, Next: 'FinishRelease' }],
        Default: 'Failed',
      },
      Failed: { Type: 'Fail', Error: 'Tessera.IssuanceFailed', Cause: 'A step failed; the submission was marked FAILED with the reason.' },
      FinishRelease: step(
        functions.releaseCredential,
        { 'submissionId.$': '$.submissionId' },
        { ResultPath: '$.release', Next: 'Notify', Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ReleaseUnfinished' }] },
      ),
      ReleaseUnfinished: {
        Type: 'Fail',
        Error: 'Tessera.ReleaseUnfinished',
        Cause: 'The credential is stored but could not be published; the submission stays APPROVED and the reconciler finishes the release.',
      },
    },
  };
}
