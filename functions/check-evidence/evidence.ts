// Evidence received: the submission's evidence is checked against what the achievement demands
// before anyone spends review time on it.
import { IssuanceError, NotFoundError, type Achievement, type Submission } from '@tessera/core';
import type { EvidenceVerdict } from '@tessera/workflow';
import type { Dependencies } from '../shared/dependencies.ts';

/** The reasons the evidence falls short, or none. */
export function evidenceShortfalls(submission: Submission, achievement: Achievement): string[] {
  const { minItems, requireUrl } = achievement.evidenceRequirements;
  const reasons: string[] = [];
  if (submission.evidence.length < minItems) reasons.push(`needs at least ${minItems} evidence item(s), got ${submission.evidence.length}`);
  if (requireUrl && submission.evidence.some((e) => !e.url)) reasons.push('every evidence item needs a url');
  return reasons;
}

/** The check's whole answer, computed where the submission and its achievement are at hand: by the
 *  intake (into the execution's input, so the workflow reads nothing) or by the step below. */
export function evidenceVerdict(submission: Submission, achievement: Achievement): EvidenceVerdict {
  const shortfalls = evidenceShortfalls(submission, achievement);
  if (shortfalls.length === 0) return { qaPolicy: achievement.qaPolicy };
  return { qaPolicy: achievement.qaPolicy, shortfall: `evidence does not meet the requirements of ${achievement.name}: ${shortfalls.join('; ')}` };
}

/** The step, for an execution started without the verdict (the reconciler's, or one from before). */
export async function checkEvidence(deps: Dependencies, submissionId: string): Promise<{ qaPolicy: Achievement['qaPolicy'] }> {
  const submission = await deps.store.submissions.get(submissionId);
  if (!submission) throw new NotFoundError(`no submission '${submissionId}'`);
  const achievement = await deps.store.achievements.get(submission.achievementId);
  if (!achievement) throw new NotFoundError(`no achievement '${submission.achievementId}'`);
  const verdict = evidenceVerdict(submission, achievement);
  if (verdict.shortfall) throw new IssuanceError(verdict.shortfall);
  return { qaPolicy: verdict.qaPolicy };
}
