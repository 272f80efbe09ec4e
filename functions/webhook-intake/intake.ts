// Intake: turn an authenticated award request into a stored Submission and exactly one workflow
// execution. Nothing is stored unless the source, the signature, the body and the achievement
// all check out. The same event from the same source always maps to the same submission.
import { createHash, randomBytes } from 'node:crypto';
import type { CatalogueAchievement } from '@tessera/catalogue';
import { UnauthorizedError, UnprocessableError, type AwardRequest, type StartOptions, type Submission, type WebhookSource } from '@tessera/core';
import { genericAdapter } from '@tessera/lms/generic';
import type { Delivery } from '@tessera/lms';
import type { ExecutionInput } from '@tessera/workflow';
import { evidenceVerdict } from '../check-evidence/evidence.ts';
import type { Dependencies } from '../shared/dependencies.ts';
import { SIGNATURE_HEADER } from './signature.ts';

export type IntakeRequest = { sourceId: string; rawBody: string; signature: string | undefined };
/** `duplicate`: nothing new was stored. `event`: this source sent this event before (the same
 *  submission, its workflow made sure of); `learner`: the learner already holds, or is being
 *  considered for, this achievement through another submission (`submissionId`), which issues nothing. */
export type IntakeResult = { submissionId: string; created: boolean; duplicate?: 'event' | 'learner' };

/** Checked against when the source is unknown, so that an unknown source and a known one with a
 *  bad signature get the same answer after the same work: no oracle for valid source ids. */
const UNKNOWN_SOURCE_SECRET = randomBytes(32).toString('base64url');

/** Deterministic, so a retried delivery (even one racing the first) lands on the same id. */
export function submissionIdFor(sourceId: string, eventId: string): string {
  const digest = createHash('sha256').update(`${sourceId}\u0000${eventId}`).digest('base64url');
  return `sub_${digest.slice(0, 26)}`;
}

export async function receiveAwardRequest(deps: Dependencies, request: IntakeRequest): Promise<IntakeResult> {
  const source = await deps.store.webhookSources.get(request.sourceId);
  const delivery: Delivery = { rawBody: request.rawBody, headers: { [SIGNATURE_HEADER.toLowerCase()]: request.signature } };
  return receiveGenericDelivery(deps, request.sourceId, source, delivery);
}

/** A generic source's delivery (or any delivery to an unknown source): verified and submitted at once. */
export async function receiveGenericDelivery(deps: Dependencies, sourceId: string, source: WebhookSource | undefined, delivery: Delivery): Promise<IntakeResult> {
  const [event] = await genericAdapter.receive(delivery, { ...(source ?? { id: sourceId }), kind: 'generic', secret: source?.secret ?? UNKNOWN_SOURCE_SECRET }, deps.platform);
  // Only a forger who guessed 256 random bits gets here without a source; answer as a mismatch.
  if (!source || !event) throw new UnauthorizedError(`${SIGNATURE_HEADER} does not match the body`);
  return submitAward(deps, source, event.award);
}

/** The intake every award request goes through once its source is known, whatever brought it: a
 *  signed webhook, or Tessera itself for a stacked award (source `stack`, no secret to check). */
export async function submitAward(deps: Dependencies, source: AwardSource, award: AwardRequest): Promise<IntakeResult> {
  return submitAwardOf(deps, source, await awardableAchievement(deps, source, award.achievementId), award);
}

/** Who submits an award: the source's id, and the issuer it is pinned to (if any). */
export type AwardSource = { id: string; issuerId?: string };

/** The achievement an award names, if this source may award it: published, not retired, and of the
 *  source's issuer when the source is pinned to one; else an UnprocessableError naming why. */
export async function awardableAchievement(deps: Dependencies, source: AwardSource, achievementId: string): Promise<CatalogueAchievement> {
  const achievement = await deps.store.achievements.get(achievementId);
  const mayAward = (issuerId: string) => source.issuerId === undefined || issuerId === source.issuerId;
  if (!achievement || !mayAward(achievement.issuerId)) {
    // A draft that was never published is no achievement yet; say so, so the LMS admin knows why.
    const draft = !achievement && (await deps.store.achievements.getDraft(achievementId));
    if (draft && mayAward(draft.issuerId)) {
      throw new UnprocessableError(`achievement '${achievementId}' is a draft, not yet published`, [{ path: 'achievementId', message: 'not published yet' }]);
    }
    throw new UnprocessableError(`unknown achievement '${achievementId}'`, [{ path: 'achievementId', message: 'no such achievement for this source' }]);
  }
  if (achievement.status === 'retired') {
    throw new UnprocessableError(`achievement '${achievementId}' is retired: it is no longer awarded`, [{ path: 'achievementId', message: 'retired' }]);
  }
  return achievement;
}

/** The intake's writes for an award whose achievement awardableAchievement has already checked (CSV
 *  bulk checks each achievement once per chunk, not once per row). `background`: see WorkflowStarter. */
export async function submitAwardOf(
  deps: Dependencies,
  source: AwardSource,
  achievement: CatalogueAchievement,
  award: AwardRequest,
  options: StartOptions = {},
): Promise<IntakeResult> {
  const receivedAt = deps.clock.now().toISOString();
  const candidate: Submission = {
    id: submissionIdFor(source.id, award.eventId),
    sourceId: source.id,
    eventId: award.eventId,
    achievementId: achievement.id,
    issuerId: achievement.issuerId,
    recipient: award.recipient,
    evidence: award.evidence,
    occurredAt: award.occurredAt,
    receivedAt,
    status: 'RECEIVED',
    history: [{ at: receivedAt, status: 'RECEIVED', note: `received from source ${source.id}` }],
  };
  // One credential per learner and achievement, unless the achievement allows repeats: the claim
  // is written in the same transaction as the submission (and released if it ends without one).
  const { submission, created, duplicateOf } = await deps.store.submissions.create(candidate, { claim: !achievement.allowRepeat });
  // Another submission's claim: that submission has its own workflow; this one issues nothing.
  if (duplicateOf === 'learner') return { submissionId: submission.id, created: false, duplicate: 'learner' };
  // Started on duplicates too: if the first delivery stored the submission but died before the
  // start, the retry completes it. The execution name makes a second start a no-op.
  // The evidence check travels in the input (the achievement is in hand): the workflow reads nothing for it.
  const input: ExecutionInput = { submissionId: submission.id, ...(submission.achievementId === achievement.id ? { evidence: evidenceVerdict(submission, achievement) } : {}) };
  await deps.workflow.start(submission.id, input, options);
  return created ? { submissionId: submission.id, created } : { submissionId: submission.id, created, duplicate: 'event' };
}
