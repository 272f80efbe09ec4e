// The whole journey over HTTP, as people do it: the LMS posts, the reviewer reads the mail and
// decides in a real browser, the earner gets the credential, a verifier checks it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mail, Submission } from '@tessera/core';
import { launchBrowser } from '../support/browser.ts';
import { awardRequest, reviewLinkIn, startTestTessera, type TestTessera } from '../support/local-tessera.ts';
import { isReviewRequest, pollFor, waitForMail } from '../support/mail.ts';

let tessera: TestTessera;
let browser: Browser;
beforeAll(async () => {
  [tessera, browser] = await Promise.all([startTestTessera(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await tessera?.close();
});

const admin = (path: string, token = tessera.adminToken) => fetch(`${tessera.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });

async function outbox(): Promise<Mail[]> {
  return (await (await fetch(`${tessera.url}/_local/outbox`)).json()) as Mail[];
}

async function statusOf(id: string): Promise<Submission> {
  return (await (await admin(`/admin/submissions/${id}`)).json()) as Submission;
}

async function submitAndGetReviewLink(recipientName: string): Promise<{ submissionId: string; reviewUrl: string }> {
  const response = await tessera.postAward(awardRequest({ recipient: { email: `${recipientName.toLowerCase().replace(/\W+/g, '.')}@example.org`, name: recipientName } }));
  expect(response.status).toBe(202);
  const { submissionId } = (await response.json()) as { submissionId: string };
  const mail = await waitForMail(outbox, isReviewRequest(recipientName), 'the review mail');
  return { submissionId, reviewUrl: reviewLinkIn(mail) };
}

describe('the issuance journey over HTTP', () => {
  it('serves /health', async () => {
    expect((await fetch(`${tessera.url}/health`)).status).toBe(200);
  });

  it('webhook → review mail → approve in a browser → issued credential → earner mail → verified', async () => {
    // The LMS reports; the reviewer is mailed a link naming the learner and the achievement, with the evidence.
    const { submissionId, reviewUrl } = await submitAndGetReviewLink('Grace Hopper');
    const reviewMail = (await outbox()).find((m) => m.text.includes('Grace Hopper'))!;
    expect(reviewMail).toMatchObject({ to: 'reviewer@demo-university.example', subject: 'Review needed: Data Literacy Foundations for Grace Hopper' });
    expect(reviewMail.html).toContain('Scored 86%.');
    expect(reviewUrl.startsWith(`${tessera.url}/review/`)).toBe(true);

    // A mail scanner opens the link first: it sees the page, and nothing changes.
    const scanned = await fetch(reviewUrl);
    expect(scanned.status).toBe(200);
    expect(scanned.headers.get('cache-control')).toBe('no-store');
    expect(scanned.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await scanned.text()).toContain('Approve and release');
    expect((await statusOf(submissionId)).status).toBe('IN_REVIEW');

    // The reviewer decides in a real browser.
    const page = await browser.newPage();
    await page.goto(reviewUrl);
    expect(await page.textContent('h1')).toBe('Review: Data Literacy Foundations');
    expect(await page.textContent('body')).toContain('Grace Hopper');
    await page.fill('#comment', 'Rubric met; analysis is the learner’s own.');
    await Promise.all([page.waitForNavigation(), page.click('button.approve')]);
    expect(await page.textContent('h1')).toBe('Approved');
    await page.close();

    // Released: ISSUED with a public credential URL, and who decided is on record.
    const issued = await pollFor('ISSUED', async () => {
      const s = await statusOf(submissionId);
      return s.status === 'ISSUED' ? s : undefined;
    });
    expect(issued.review).toMatchObject({ decision: 'approve', decidedBy: 'reviewer@demo-university.example', comment: 'Rubric met; analysis is the learner’s own.' });
    expect(issued.credentialUrl).toMatch(new RegExp(`^${tessera.url}/credentials/[0-9a-f-]+\\.json$`));

    // The public credential: OB 3.0, signed, no personal data in clear.
    const published = await fetch(issued.credentialUrl!);
    expect(published.headers.get('cache-control')).toContain('immutable');
    const credential = (await published.json()) as Record<string, unknown>;
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(JSON.stringify(credential)).not.toContain('grace.hopper@example.org');
    expect(JSON.stringify(credential)).not.toContain('Grace Hopper');

    // The earner is told, with the link to the badge page (a page for people; the JSON is beside it).
    const earnerMail = await waitForMail(outbox, (m) => m.to === 'grace.hopper@example.org' && m.subject.startsWith('You have earned'), 'the earner mail');
    expect(earnerMail.text).toContain(`${tessera.url}/badges/${issued.credentialId}`);
    expect(earnerMail.html).toContain(`<img src="${tessera.url}/credentials/${issued.credentialId}.png"`);
    expect((await fetch(`${tessera.url}/badges/${issued.credentialId}`)).headers.get('content-type')).toContain('text/html');

    // Anyone verifies it.
    const verified = (await (await fetch(`${tessera.url}/verify`, { method: 'POST', body: JSON.stringify(credential) })).json()) as {
      verified: boolean;
      checks: { name: string; ok: boolean }[];
    };
    expect(verified.verified).toBe(true);
    expect(verified.checks.map((c) => c.name)).toEqual(['structure', 'schema', 'proof', 'issuer', 'validity', 'status']);

    // …and a tampered copy fails, naming the proof.
    const tampered = { ...credential, name: 'Doctorate in Everything' };
    const refused = await fetch(`${tessera.url}/verify`, { method: 'POST', body: JSON.stringify(tampered) });
    expect(refused.status).toBe(200);
    const refusal = (await refused.json()) as { verified: boolean; checks: { name: string; ok: boolean }[] };
    expect(refusal.verified).toBe(false);
    expect(refusal.checks.find((c) => !c.ok)?.name).toBe('proof');
  });

  it('a second decision on the same link is refused with 409 and a page that says so', async () => {
    const { reviewUrl } = await submitAndGetReviewLink('Alan Turing');
    const form = { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
    expect((await fetch(reviewUrl, { ...form, body: 'decision=reject&comment=no' })).status).toBe(200);

    const second = await fetch(reviewUrl, { ...form, body: 'decision=approve' });

    expect(second.status).toBe(409);
    expect(await second.text()).toContain('already decided (reject)');
  });

  it('a decision that is neither approve nor reject is a 400 page, and the review stays open', async () => {
    const { submissionId, reviewUrl } = await submitAndGetReviewLink('Edsger Dijkstra');

    const response = await fetch(reviewUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'decision=maybe' });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Check your decision');
    expect((await statusOf(submissionId)).review).toBeUndefined();
  });

  it('an unknown review link is a 404 page', async () => {
    const response = await fetch(`${tessera.url}/review/${'A'.repeat(43)}`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Review link not found');
  });

  it('the admin API needs the token', async () => {
    expect((await fetch(`${tessera.url}/admin/submissions/anything`)).status).toBe(401);
    expect((await admin('/admin/submissions/anything', 'wrong-token-wrong-token')).status).toBe(401);
    expect((await admin('/admin/submissions/sub_missing')).status).toBe(404);
  });

  it('the outbox is readable as JSON and as a page', async () => {
    const page = await fetch(`${tessera.url}/_local/outbox?format=html`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Review needed');
  });

  it('publishes the issuer DID document at /.well-known/did.json with a Multikey', async () => {
    const did = (await (await fetch(`${tessera.url}/.well-known/did.json`)).json()) as { id: string; verificationMethod: { type: string; controller: string }[] };
    const port = new URL(tessera.url).port;
    expect(did.id).toBe(`did:web:localhost%3A${port}`);
    expect(did.verificationMethod[0]).toMatchObject({ type: 'Multikey', controller: did.id });
  });
});

describe('an expired review link', () => {
  let short: TestTessera;
  beforeAll(async () => {
    short = await startTestTessera({ reviewTimeoutSeconds: 1 });
  });
  afterAll(() => short.close());

  it('answers 410 with a page that says so, once the review has expired', async () => {
    const response = await short.postAward(awardRequest());
    const { submissionId } = (await response.json()) as { submissionId: string };
    const mail = await waitForMail(short.mails, isReviewRequest(), 'the review mail');
    await short.waitForStatus(submissionId, ['EXPIRED']);

    const late = await fetch(reviewLinkIn(mail), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'decision=approve' });

    expect(late.status).toBe(410);
    expect(await late.text()).toContain('expired');
  });
});
