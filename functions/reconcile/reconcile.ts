// The reconciler: finds submissions that no workflow will move any more (never started, the
// execution gone or ended without an outcome, or past their deadline) and re-drives them or ends
// them FAILED with a reason. Idempotent like the steps it reuses: at most one credential each.
import type { Submission } from '@tessera/core';
import type { Dependencies } from '../shared/dependencies.ts';
import { notifyEarner } from '../notify-earner/notify.ts';
import { releaseCredential } from '../release-credential/release.ts';

export type StuckReason = 'no-execution' | 'execution-ended' | 'past-deadline';
export type StuckSubmission = { submissionId: string; status: Submission['status']; receivedAt: string; reason: StuckReason; detail: string };
/** `retry-later`: the repair met a fault, or the credential is stored but its release could not be finished (never
 *  FAILED then); the next run tries again. */
export type Repair = StuckSubmission & { action: 'restarted' | 'released' | 'failed' | 'retry-later'; outcome: string };

export type ReconcileOptions = {
  /** A submission that changed more recently than this is left alone: its workflow may be starting. @default 300 */
  settleSeconds?: number;
  /** How long past its review deadline an open submission may stay open. @default 3600 */
  deadlineGraceSeconds?: number;
  /** At most this many open submissions per run. @default 1000 */
  limit?: number;
};

type ReconcileDeps = Pick<Dependencies, 'store' | 'workflow' | 'clock' | 'config'>;

/** What is stuck now, and why; changes nothing (GET /admin/reports/stuck). */
export async function findStuck(deps: ReconcileDeps, options: ReconcileOptions = {}): Promise<{ examined: number; stuck: StuckSubmission[] }> {
  const now = deps.clock.now().getTime();
  const settleMs = (options.settleSeconds ?? 300) * 1000;
  const graceMs = (options.deadlineGraceSeconds ?? 3600) * 1000;
  const open = await deps.store.submissions.listOpen({ limit: options.limit ?? 1000 });
  const stuck: StuckSubmission[] = [];
  for (const submission of open) {
    const lastChange = Date.parse(submission.history.at(-1)?.at ?? submission.receivedAt);
    if (now - lastChange < settleMs) continue;
    const entry = { submissionId: submission.id, status: submission.status, receivedAt: submission.receivedAt };
    // Review is the only wait; every other step is bounded by its timeouts and retries.
    const deadline = Date.parse(submission.receivedAt) + deps.config.reviewTimeoutSeconds * 1000 + graceMs;
    if (now > deadline) {
      stuck.push({ ...entry, reason: 'past-deadline', detail: `still ${submission.status} after its deadline ${new Date(deadline).toISOString()}` });
      continue;
    }
    const state = await deps.workflow.executionState(submission.id);
    if (state === 'NONE') stuck.push({ ...entry, reason: 'no-execution', detail: `${submission.status} with no workflow execution` });
    if (state === 'ENDED') stuck.push({ ...entry, reason: 'execution-ended', detail: `${submission.status}, but its workflow execution has ended without recording an outcome` });
  }
  return { examined: open.length, stuck };
}

/** Finds what is stuck and repairs each: an approved one is released (at most one credential),
 *  one without an execution is started again, and the rest end FAILED with the reason. */
export async function reconcile(deps: Dependencies, options: ReconcileOptions = {}): Promise<{ examined: number; repairs: Repair[] }> {
  const { examined, stuck } = await findStuck(deps, options);
  const repairs: Repair[] = [];
  for (const item of stuck) {
    // One repair meeting a fault (a throttled StartExecution, say) must not cost the others theirs: the next run retries it.
    repairs.push(await repair(deps, item).catch((error: Error): Repair => ({ ...item, action: 'retry-later', outcome: `repair failed, tried again next run: ${error.message}` })));
  }
  return { examined, repairs };
}

async function repair(deps: Dependencies, item: StuckSubmission): Promise<Repair> {
  if (item.status === 'APPROVED') {
    try {
      const { credentialUrl } = await releaseCredential(deps, item.submissionId);
      await notifyEarner(deps, item.submissionId).catch(() => {}); // the badge stands even if the mail does not go
      return { ...item, action: 'released', outcome: `ISSUED: ${credentialUrl}` };
    } catch (error) {
      const message = (error as Error).message;
      // Its signed credential is stored: FAILED would leave a credential that verifies behind a failed
      // submission. It stays APPROVED, listed as stuck (and counted for the alarm) until a run finishes it.
      if (await deps.store.credentials.getBySubmission(item.submissionId)) {
        return { ...item, action: 'retry-later', outcome: `APPROVED, credential stored, release unfinished: ${message}` };
      }
      return fail(deps, item, `approved, but releasing its credential failed: ${message}`);
    }
  }
  if (item.reason === 'no-execution') {
    // The execution name is the submission id: a start that raced another one is a no-op.
    await deps.workflow.start(item.submissionId, { submissionId: item.submissionId });
    return { ...item, action: 'restarted', outcome: 'workflow started again' };
  }
  return fail(deps, item, item.detail);
}

async function fail(deps: Dependencies, item: StuckSubmission, reason: string): Promise<Repair> {
  const failureReason = `reconciler: ${reason}`;
  const after = await deps.store.submissions.transition(item.submissionId, 'FAILED', {
    at: deps.clock.now().toISOString(),
    note: failureReason,
    patch: { failureReason },
  });
  // Ended without a credential: the learner's claim on the achievement goes (record-outcome does the same).
  await deps.store.submissions.releaseClaim(after);
  return { ...item, action: 'failed', outcome: `${after.status}: ${failureReason}` };
}
