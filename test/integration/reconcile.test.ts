// The reconciler on the real local stack: a submission whose execution never started is found
// (GET /admin/reports/stuck), re-driven to exactly one credential, and one past its deadline ends
// FAILED with a reason. The open-submission query reads a sparse GSI1 partition, not a Scan.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Submission } from '@tessera/core';
import { findStuck, reconcile } from '../../functions/reconcile/reconcile.ts';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

let tessera: TestTessera | undefined;
afterEach(async () => {
  await tessera?.close();
  tessera = undefined;
});

/** What intake stores before it starts the workflow: as if the process died between the two. */
async function storedWithoutExecution(t: TestTessera): Promise<Submission> {
  const award = awardRequest();
  const at = new Date(Date.now() - 10 * 60_000).toISOString();
  const submission: Submission = {
    id: `sub_${randomUUID().replace(/-/g, '').slice(0, 26)}`,
    sourceId: 'demo',
    eventId: award.eventId,
    achievementId: award.achievementId,
    issuerId: 'demo-university',
    recipient: award.recipient,
    evidence: award.evidence,
    occurredAt: award.occurredAt,
    receivedAt: at,
    status: 'RECEIVED',
    history: [{ at, status: 'RECEIVED', note: 'received from source demo' }],
  };
  await t.dependencies.store.submissions.create(submission);
  return submission;
}

const report = (t: TestTessera, token = t.adminToken) => fetch(`${t.url}/admin/reports/stuck`, { headers: { Authorization: `Bearer ${token}` } });

describe('reconciler', () => {
  it('finds a submission whose workflow never started, lists it, and re-drives it to exactly one credential', async () => {
    // Prepare
    tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' }, reconcileEverySeconds: 0 });
    const orphan = await storedWithoutExecution(tessera);

    // Act + Assess: the report names it and why, and changes nothing.
    const listed = await report(tessera);
    expect(listed.status).toBe(200);
    expect(await listed.json()).toMatchObject({ stuck: [{ submissionId: orphan.id, status: 'RECEIVED', reason: 'no-execution' }] });
    expect((await report(tessera, 'wrong-token')).status).toBe(401);
    expect((await tessera.submission(orphan.id))?.status).toBe('RECEIVED');

    const { repairs } = await reconcile(tessera.dependencies, { settleSeconds: 0 });
    expect(repairs).toMatchObject([{ submissionId: orphan.id, action: 'restarted' }]);
    const issued = await tessera.waitForStatus(orphan.id, ['ISSUED']);
    await tessera.workflow.idle();

    // A second run finds nothing (the submission left the open set) and issues nothing more.
    expect((await reconcile(tessera.dependencies, { settleSeconds: 0 })).repairs).toEqual([]);
    expect((await tessera.dependencies.store.submissions.listOpen()).map((s) => s.id)).not.toContain(orphan.id);
    expect((await tessera.dependencies.store.credentials.getBySubmission(orphan.id))?.url).toBe(issued.credentialUrl);
  });

  it('ends a submission still open past its deadline FAILED, with the reason on the submission', async () => {
    // Prepare: a review nobody answers, seen from a clock past the review deadline.
    tessera = await startTestTessera({ reconcileEverySeconds: 0, reviewTimeoutSeconds: 600 });
    const response = await tessera.postAward(awardRequest());
    const { submissionId } = (await response.json()) as { submissionId: string };
    await tessera.waitForStatus(submissionId, ['IN_REVIEW']);
    const later = { ...tessera.dependencies, clock: { now: () => new Date(Date.now() + 2 * 3600_000) } };

    // Act
    const found = await findStuck(later);
    const { repairs } = await reconcile(later);

    // Assess
    expect(found.stuck).toMatchObject([{ submissionId, reason: 'past-deadline' }]);
    expect(repairs).toMatchObject([{ submissionId, action: 'failed' }]);
    const failed = await tessera.submission(submissionId);
    expect(failed?.status).toBe('FAILED');
    expect(failed?.failureReason).toMatch(/^reconciler: still IN_REVIEW after its deadline/);
  });
});
