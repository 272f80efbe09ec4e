// Evidence received: the submission's evidence is checked against what the achievement demands
// before anyone spends review time on it.
import { IssuanceError, NotFoundError, type Achievement, type Submission } from '@tessera/core';
import type { Dependencies } from '../shared/dependencies.ts';

/** The reasons the evidence falls short, or none. */
export function evidenceShortfalls(submission: Submission, achievement: Achievement): string[] {
  const { minItems, requireUrl } = achievement.evidenceRequirements;
  const reasons: string[] = [];
  if (submission.evidence.length < minItems) reasons.push(`needs at least ${minItems} evidence item(s), got ${submission.evidence.length}`);
  if (requireUrl && submission.evidence.some((e) => !e.url)) reasons.push('every evidence item needs a url');
  return reasons;
}

export async function checkEvidence(deps: Dependencies, submissionId: string): Promise<{ qaPolicy: Achievement['qaPolicy'] }> {
  const submission = await deps.store.submissions.get(submissionId);
  if (!submission) throw new NotFoundError(`no submission '${submissionId}'`);
  const achievement = await deps.store.achievements.get(submission.achievementId);
  if (!achievement) throw new NotFoundError(`no achievement '${submission.achievementId}'`);
  const shortfalls = evidenceShortfalls(submission, achievement);
  if (shortfalls.length) throw new IssuanceError(`evidence does not meet the requirements of ${achievement.name}: ${shortfalls.join('; ')}`);
  return { qaPolicy: achievement.qaPolicy };
}
