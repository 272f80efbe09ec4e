// What each workflow step receives and returns: validated at the step's edge (zod), shared by the
// step functions, the local runner and the tests.
import * as z from 'zod';
import { Decision, QaPolicy } from '@tessera/core';

export const StepInput = z.object({ submissionId: z.string().min(1) });
export type StepInput = z.infer<typeof StepInput>;

/** The evidence check as a starter that holds the submission and its achievement computes it
 *  (functions/check-evidence: evidenceVerdict): the achievement's QA policy, and why the evidence
 *  falls short (the failure reason), if it does. */
export const EvidenceVerdict = z.object({ qaPolicy: QaPolicy, shortfall: z.string().min(1).optional() });
export type EvidenceVerdict = z.infer<typeof EvidenceVerdict>;

/** An execution's input. With `evidence`, the state machine decides from it and CheckEvidence does
 *  not run (no read); without it (the reconciler's restarts, executions from before), CheckEvidence
 *  reads the submission and decides the same way. */
export const ExecutionInput = StepInput.extend({ evidence: EvidenceVerdict.optional() });
export type ExecutionInput = z.infer<typeof ExecutionInput>;

/** Notify's input: the release's result rides along (Release → Notify), so the step need not read
 *  the credential again; absent (an execution from before, a resumed one), Notify reads it. */
export const NotifyInput = StepInput.extend({
  credential: z.object({ credentialId: z.string().min(1), credentialUrl: z.string().min(1), issuedAt: z.string().min(1), expiresAt: z.string().optional() }).optional(),
});
export type NotifyInput = z.infer<typeof NotifyInput>;

export const RequestReviewInput = StepInput.extend({ taskToken: z.string().min(1) });
export type RequestReviewInput = z.infer<typeof RequestReviewInput>;

/** What the review decision sends back through SendTaskSuccess. */
export const ReviewOutput = z.object({ decision: Decision });
export type ReviewOutput = z.infer<typeof ReviewOutput>;

/** A caught error as Step Functions puts it at ResultPath. */
export const CaughtError = z.object({ Error: z.string(), Cause: z.string().optional() });

/** The note of a submission's APPROVED history entry: written by the release with the credential, and by
 *  RecordOutcome for executions started before the approval moved into the release. */
export const APPROVED_NOTE = 'approved: released next';

export const RecordOutcomeInput = StepInput.extend({
  outcome: z.enum(['APPROVED', 'REJECTED', 'EXPIRED', 'FAILED']),
  error: CaughtError.optional(),
});
export type RecordOutcomeInput = z.infer<typeof RecordOutcomeInput>;
