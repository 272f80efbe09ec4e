// Intake over HTTP against DynamoDB Local: only an authentic, well-formed request for a known
// achievement is stored, and the same event twice is one submission and one workflow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submissionIdFor } from '../../functions/webhook-intake/intake.ts';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

let tessera: TestTessera;
beforeAll(async () => {
  // Manual review keeps executions parked, so nothing here races a workflow.
  tessera = await startTestTessera();
});
afterAll(() => tessera.close());

async function nothingStoredFor(eventId: string) {
  const id = submissionIdFor('demo', eventId);
  expect(await tessera.submission(id)).toBeUndefined();
  expect(tessera.workflow.execution(id)).toBeUndefined();
}

describe('POST /webhooks/{sourceId}', () => {
  it('accepts a signed, valid award request with 202 and its submission id, and starts its workflow', async () => {
    const award = awardRequest();

    const response = await tessera.postAward(award);

    expect(response.status).toBe(202);
    const { submissionId } = (await response.json()) as { submissionId: string };
    expect(submissionId).toBe(submissionIdFor('demo', award.eventId));
    const stored = await tessera.submission(submissionId);
    expect(stored).toMatchObject({ status: expect.stringMatching(/RECEIVED|IN_REVIEW/), recipient: award.recipient, evidence: award.evidence });
    expect(tessera.workflow.execution(submissionId)).toBeDefined();
  });

  it('the same event again gets the same submission id, and no second workflow', async () => {
    const award = awardRequest();
    const first = (await (await tessera.postAward(award)).json()) as { submissionId: string };
    const started = tessera.workflow.execution(first.submissionId);

    const again = await tessera.postAward({ ...award, recipient: { email: 'someone.else@example.org', name: 'Someone Else' } });

    expect(again.status).toBe(202);
    expect(await again.json()).toEqual(first);
    expect(tessera.workflow.execution(first.submissionId)).toBe(started);
    expect((await tessera.submission(first.submissionId))?.recipient.email).toBe('ada.learner@example.org');
  });

  it('rejects a signature made with the wrong secret with 401, storing nothing', async () => {
    const award = awardRequest();

    const response = await tessera.postAward(award, { secret: 'not-the-secret' });

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'unauthorized', message: expect.stringContaining('does not match') });
    await nothingStoredFor(award.eventId);
  });

  it('rejects a stale signature (over 5 minutes old) with 401, storing nothing', async () => {
    const award = awardRequest();

    const response = await tessera.postAward(award, { timestamp: Math.floor(Date.now() / 1000) - 301 });

    expect(response.status).toBe(401);
    expect(((await response.json()) as { message: string }).message).toContain('stale');
    await nothingStoredFor(award.eventId);
  });

  it('rejects a request without a signature, and one for an unknown source, with 401', async () => {
    const body = JSON.stringify(awardRequest());
    const unsigned = await fetch(`${tessera.url}/webhooks/demo`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    const unknown = await fetch(`${tessera.url}/webhooks/moodle-elsewhere`, { method: 'POST', body, headers: { 'Tessera-Signature': 't=1,v1=00' } });

    expect(unsigned.status).toBe(401);
    expect(unknown.status).toBe(401);
  });

  it('rejects a body that is not JSON with 400', async () => {
    const response = await tessera.postAward(undefined, { rawBody: '{"eventId": ' });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('not valid JSON');
  });

  it('rejects an invalid award request with 400 naming each bad field, storing nothing', async () => {
    const award = awardRequest({ recipient: { email: 'not-an-email', name: '' }, occurredAt: 'yesterday', evidence: [{}] });

    const response = await tessera.postAward(award);

    expect(response.status).toBe(400);
    const body = (await response.json()) as { details: { path: string }[] };
    expect(body.details.map((d) => d.path).sort()).toEqual(['evidence.0', 'occurredAt', 'recipient.email', 'recipient.name']);
    await nothingStoredFor(award.eventId);
  });

  it('rejects unknown fields with 400 rather than dropping them silently', async () => {
    const response = await tessera.postAward(awardRequest({ learnerGrade: 'A' }));

    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('learnerGrade');
  });

  it('answers 422 for an achievement that does not exist, storing nothing', async () => {
    const award = awardRequest({ achievementId: 'no-such-badge' });

    const response = await tessera.postAward(award);

    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: 'unprocessable', message: "unknown achievement 'no-such-badge'" });
    await nothingStoredFor(award.eventId);
  });
});
