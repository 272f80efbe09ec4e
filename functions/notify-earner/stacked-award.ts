// The stacked award: once a credential is issued, each published stack that its achievement belongs
// to is measured against the earner's active credentials, and a complete one starts a submission for
// the stack's `awards` achievement through the same intake as a webhook (source `stack`). The event
// id is one per earner and stack (triggerKey), so however often this runs (step retries, the
// reconciler, a later component), intake's idempotency makes the award once. That submission then
// goes through the awarded achievement's own QA policy like any other.
import { UnprocessableError, type AwardRequest, type Evidence, type Submission } from '@tessera/core';
import { STACK_SOURCE_ID, stackProgress, triggerKey, type StackProgress } from '@tessera/catalogue/stacks';
import type { StackRule } from '@tessera/store';
import type { Dependencies } from '../shared/dependencies.ts';
import { logger } from '../shared/observability.ts';
import { submitAward } from '../webhook-intake/intake.ts';

export type StackOutcome = { stackId: string; held: number; required: number } & (
  | { award: 'incomplete' }
  | { award: 'started' | 'already-started'; submissionId: string }
  /** The awarded achievement cannot take it (not published any more, another issuer's): an admin must fix the stack. */
  | { award: 'refused'; reason: string }
);

/** Checks every published stack containing the achievement of `submission` (just ISSUED) and starts
 *  the stacked award of each one the earner has completed. Safe to repeat. */
export async function awardCompletedStacks(deps: Dependencies, submission: Submission): Promise<StackOutcome[]> {
  const rules = await deps.store.stacks.publishedContaining(submission.achievementId);
  if (rules.length === 0) return [];
  // Read after the release stored this credential (consistently), so it counts.
  const held = await deps.store.credentials.listByEarner(submission.recipient.email);
  const outcomes: StackOutcome[] = [];
  for (const rule of rules) {
    const progress = stackProgress({ id: rule.stackId, achievementIds: rule.achievementIds, requires: rule.requires }, held);
    const counted = { stackId: rule.stackId, held: progress.held, required: progress.required };
    if (!progress.complete) {
      outcomes.push({ ...counted, award: 'incomplete' });
      continue;
    }
    try {
      const { submissionId, created } = await submitAward(deps, { id: STACK_SOURCE_ID, issuerId: rule.issuerId }, await stackedAwardRequest(deps, rule, progress, submission));
      outcomes.push({ ...counted, award: created ? 'started' : 'already-started', submissionId });
      if (created) logger.info('stacked award started', { stackId: rule.stackId, submissionId, awards: rule.awards });
    } catch (error) {
      // A stack whose award cannot be made is the catalogue's problem, not this earner's badge: the
      // rest goes on (and their mail goes out). Anything else (DynamoDB, the workflow) is retried.
      if (!(error instanceof UnprocessableError)) throw error;
      logger.error('stacked award refused', { stackId: rule.stackId, awards: rule.awards, reason: error.message });
      outcomes.push({ ...counted, award: 'refused', reason: error.message });
    }
  }
  return outcomes;
}

/** The award request for a completed stack: its evidence names each component credential by URL,
 *  so the stacked credential carries them (OB 3.0 `evidence`, each with the component's `id`). */
async function stackedAwardRequest(deps: Dependencies, rule: StackRule, progress: StackProgress, submission: Submission): Promise<AwardRequest> {
  const evidence: Evidence[] = [];
  for (const component of progress.components) {
    if (!component.held) continue;
    const achievement = await deps.store.achievements.get(component.achievementId);
    evidence.push({
      name: achievement?.name ?? component.achievementId,
      narrative: `Component of the stack "${rule.name}": credential ${component.credentialId}.`,
      url: component.credentialUrl,
    });
  }
  return {
    eventId: triggerKey({ id: rule.stackId }, submission.recipient.email),
    achievementId: rule.awards,
    recipient: submission.recipient,
    evidence,
    occurredAt: deps.clock.now().toISOString(),
  };
}
