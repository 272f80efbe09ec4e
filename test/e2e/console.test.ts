// The console in a real Chromium against the real local Tessera: sign-in with an admin-API token,
// the review queue and a decision by keyboard, CSRF refusals, what a role may not do (not shown,
// and refused when posted anyway), sessions stored hashed in DynamoDB Local, and axe on each page.
import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { axeContext, axeViolations } from '../support/axe.ts';
import { createUser, postForm, pressAndLoad, sessionOf as consoleSession, signIn as signInAs } from '../support/console.ts';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

let tessera: TestTessera;
let browser: Browser;
const tokens: Record<'qa' | 'designer' | 'registrar', string> = { qa: '', designer: '', registrar: '' };

async function submitForReview(name: string): Promise<string> {
  const response = await tessera.postAward(awardRequest({ recipient: { email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`, name } }));
  expect(response.status).toBe(202);
  const { submissionId } = (await response.json()) as { submissionId: string };
  await tessera.waitForStatus(submissionId, ['IN_REVIEW']);
  return submissionId;
}

const signIn = (page: Page, token: string) => signInAs(tessera, page, token);
const sessionOf = (token: string) => consoleSession(tessera, token);
const post = (path: string, cookie: string, fields: Record<string, string>) => postForm(tessera, path, cookie, fields);

async function expectNoAxeViolations(page: Page): Promise<void> {
  expect(await axeViolations(page), page.url()).toEqual([]);
}

beforeAll(async () => {
  [tessera, browser] = await Promise.all([startTestTessera(), launchBrowser()]);
  tokens.qa = (await createUser(tessera, 'reviewer@demo-university.example', 'Quinn Reviewer', ['qa-manager'])).token;
  tokens.designer = (await createUser(tessera, 'designer@demo-university.example', 'Dana Designer', ['designer'])).token;
  tokens.registrar = (await createUser(tessera, 'registrar@demo-university.example', 'Robin Registrar', ['registrar'])).token;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await tessera?.close();
});

describe('console sign-in', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await axeContext(browser, { locale: 'en-GB' });
  });
  afterAll(() => context.close());

  it('shows the sign-in form with no axe violations, and refuses a wrong token beside the field', async () => {
    const page = await context.newPage();
    await page.goto(`${tessera.url}/console`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectNoAxeViolations(page);

    await signIn(page, 'not-a-token-at-all');
    expect(await page.getByText('This token was not accepted').isVisible()).toBe(true);
    expect(await page.getByLabel('Admin token').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);
  });

  it('signs in with a token into a session stored hashed, with an HttpOnly SameSite cookie, and signs out', async () => {
    // Act
    const { cookie } = await sessionOf(tokens.qa);

    // Assess: only the hash is a key; the cookie's token opens it.
    const hash = createHash('sha256').update(cookie).digest('hex');
    const stored = await tessera.dependencies.store.consoleSessions.get(hash, new Date());
    expect(stored).toMatchObject({ email: 'reviewer@demo-university.example', roles: ['qa-manager'], via: 'token' });
    expect(await tessera.dependencies.store.consoleSessions.get(cookie, new Date())).toBeUndefined();

    const page = await context.newPage();
    await signIn(page, tokens.qa);
    const set = (await context.cookies()).find((c) => c.name === 'tessera_console')!;
    expect(set).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/console' });
    expect(page.url()).toBe(`${tessera.url}/console/reviews`);

    // Sign out by keyboard: the session is gone from the table too.
    await page.getByRole('button', { name: 'Sign out' }).focus();
    await pressAndLoad(page, 'Enter');
    expect(page.url()).toBe(`${tessera.url}/console`);
    expect(await tessera.dependencies.store.consoleSessions.get(createHash('sha256').update(set.value).digest('hex'), new Date())).toBeUndefined();
  });

  it('follows Accept-Language, then the language switch, which sticks in a cookie', async () => {
    const french = await axeContext(browser, { locale: 'fr-FR' });
    const page = await french.newPage();
    await page.goto(`${tessera.url}/console`);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Connexion');

    await page.getByLabel('Langue').selectOption('en');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Changer' }).click()]);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect((await french.cookies()).find((c) => c.name === 'lang')?.value).toBe('en');
    await french.close();
  });
});

describe('the review queue', () => {
  it('shows the reviewer their queue, oldest first with evidence beside the criteria, and decides by keyboard as the signed-in reviewer', async () => {
    // Prepare
    const first = await submitForReview('Grace Hopper');
    const second = await submitForReview('Alan Turing');
    const context = await axeContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    await signIn(page, tokens.qa);

    // The queue: both, oldest first, each with learner, evidence and criteria.
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings.indexOf('Grace Hopper · Data Literacy Foundations')).toBeLessThan(headings.indexOf('Alan Turing · Data Literacy Foundations'));
    const card = page.getByRole('region', { name: 'Grace Hopper · Data Literacy Foundations' });
    expect(await card.textContent()).toContain('Scored 86%.');
    expect(await card.getByText('Criteria').isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: 'docs/images/review-queue.png', fullPage: false });

    // Act: comment, then Tab to Approve and press Enter.
    await card.getByLabel('Comment (kept in the audit trail)').focus();
    await page.keyboard.type('Evidence checked against the rubric.');
    await page.keyboard.press('Tab');
    await pressAndLoad(page, 'Enter');

    // Assess
    expect(await page.getByRole('status').textContent()).toContain('Approved: Data Literacy Foundations will be released to Grace Hopper');
    await expectNoAxeViolations(page);
    const issued = await tessera.waitForStatus(first, ['ISSUED']);
    expect(issued.review).toMatchObject({ decision: 'approve', comment: 'Evidence checked against the rubric.', decidedBy: 'reviewer@demo-university.example' });
    const { entries } = await tessera.dependencies.store.audit.list({ entity: 'submission', entityId: first });
    expect(entries.find((e) => e.action === 'review.decided')).toMatchObject({ roles: ['qa-manager'] });
    expect(entries.find((e) => e.action === 'review.decided')!.actor).not.toBe('reviewer@demo-university.example');

    // The queue no longer shows it; the other one waits.
    await page.goto(`${tessera.url}/console/reviews`);
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['Alan Turing · Data Literacy Foundations']);
    await context.close();

    // A second decision on the first one → 409, nothing changes.
    const { cookie, csrf } = await sessionOf(tokens.qa);
    const again = await post(`/console/reviews/${first}`, cookie, { csrf, decision: 'reject', comment: 'late' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already decided');
    expect((await tessera.submission(first))!.review!.decision).toBe('approve');
    expect(second).toBeTruthy();
  });

  it('refuses a decision without its CSRF token or with a wrong one (403), and stores nothing', async () => {
    const id = await submitForReview('Katherine Johnson');
    const { cookie, csrf } = await sessionOf(tokens.qa);

    const without = await post(`/console/reviews/${id}`, cookie, { decision: 'approve' });
    const wrong = await post(`/console/reviews/${id}`, cookie, { decision: 'approve', csrf: `${csrf.slice(0, -2)}xx` });
    const otherSession = await sessionOf(tokens.qa);
    const foreign = await post(`/console/reviews/${id}`, cookie, { decision: 'approve', csrf: otherSession.csrf });

    expect([without.status, wrong.status, foreign.status]).toEqual([403, 403, 403]);
    const submission = await tessera.submission(id);
    expect(submission).toMatchObject({ status: 'IN_REVIEW' });
    expect(submission!.review).toBeUndefined();
  });

  it('bulk-approves selected submissions of one achievement with one comment', async () => {
    const a = await submitForReview('Ada Bulk');
    const b = await submitForReview('Barbara Bulk');
    const { cookie, csrf } = await sessionOf(tokens.qa);
    const body = new URLSearchParams({ csrf, achievement: 'demo-data-literacy', comment: 'Batch of the week' });
    body.append('submission', a);
    body.append('submission', b);

    const response = await fetch(`${tessera.url}/console/reviews`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `tessera_console=${cookie}` },
      body,
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('2 of 2 approved.');
    for (const id of [a, b]) expect((await tessera.waitForStatus(id, ['ISSUED'])).review).toMatchObject({ decision: 'approve', comment: 'Batch of the week' });
  });
});

describe('submissions', () => {
  it('finds a submission by e-mail, shows its history, review and credential, and lets a registrar revoke it by keyboard', async () => {
    // Prepare: an issued credential, approved from the console.
    const id = await submitForReview('Margaret Hamilton');
    const qa = await sessionOf(tokens.qa);
    expect((await post(`/console/reviews/${id}`, qa.cookie, { csrf: qa.csrf, decision: 'approve', comment: 'ok' })).status).toBe(200);
    const issued = await tessera.waitForStatus(id, ['ISSUED']);
    const context = await axeContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    await signIn(page, tokens.registrar);

    // Search by part of the e-mail and status.
    await page.goto(`${tessera.url}/console/submissions`);
    await page.getByLabel('Learner e-mail (or part of it)').fill('margaret.hamilton');
    await page.getByLabel('Status').selectOption('ISSUED');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Search' }).click()]);
    expect(await page.getByRole('status').textContent()).toMatch(/^1 submission received between/);
    await expectNoAxeViolations(page);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Margaret Hamilton' }).click()]);

    // The submission's page: history, the review, the credential.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Submission of Margaret Hamilton');
    const text = (await page.locator('main').textContent())!;
    expect(text).toContain('Issued');
    expect(text).toContain('reviewer@demo-university.example');
    expect(text).toContain(issued.credentialUrl!);
    await expectNoAxeViolations(page);

    // Act: revoke, by keyboard.
    await page.getByLabel('Reason (kept in the audit trail)').last().focus();
    await page.keyboard.type('Issued in error');
    await page.keyboard.press('Tab');
    await pressAndLoad(page, 'Enter');

    // Assess
    const credential = await tessera.dependencies.store.credentials.getBySubmission(id);
    expect(credential).toMatchObject({ status: 'REVOKED' });
    expect(await page.locator('main').textContent()).toContain('Revoked');
    const { entries } = await tessera.dependencies.store.audit.list({ entity: 'credential', entityId: credential!.id });
    expect(entries.at(-1)).toMatchObject({ action: 'credential.revoked', roles: ['registrar'], summary: 'ACTIVE → REVOKED: Issued in error' });
    await context.close();
  });

  it('shows a qa-manager no revoke button and refuses their revoke (403); a bad date is named beside its field', async () => {
    const id = await submitForReview('Joan Clarke');
    const qa = await sessionOf(tokens.qa);
    await post(`/console/reviews/${id}`, qa.cookie, { csrf: qa.csrf, decision: 'approve', comment: '' });
    await tessera.waitForStatus(id, ['ISSUED']);
    const credential = (await tessera.dependencies.store.credentials.getBySubmission(id))!;

    const pageHtml = await (await fetch(`${tessera.url}/console/submissions/${id}`, { headers: { Cookie: `tessera_console=${qa.cookie}` } })).text();
    expect(pageHtml).not.toContain('Revoke the credential');
    expect((await post(`/console/credentials/${credential.id}/revoke`, qa.cookie, { csrf: qa.csrf, reason: 'no' })).status).toBe(403);
    expect((await tessera.dependencies.store.credentials.get(credential.id))!.status).toBe('ACTIVE');

    const bad = await fetch(`${tessera.url}/console/submissions?from=yesterday`, { headers: { Cookie: `tessera_console=${qa.cookie}` } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="from"[^>]*aria-invalid="true" aria-describedby="from-error"/);
  });
});

describe('the catalogue', () => {
  it('drafts an achievement with messages beside the bad fields, and publishes it with four eyes', async () => {
    const context = await axeContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    await signIn(page, tokens.designer);
    await page.goto(`${tessera.url}/console/achievements`);
    await expectNoAxeViolations(page);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'New achievement' }).click()]);
    await expectNoAxeViolations(page);

    // A bad id and a manual review without reviewers: each message beside its field, nothing stored.
    await page.getByLabel('Identifier').fill('Bad Id!');
    await page.getByLabel('Issuer id').fill('demo-university');
    await page.getByLabel('Name', { exact: true }).fill('Console Skills');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Create the draft' }).click()]);
    expect(await page.locator('#id-error').textContent()).toContain('lower-case letters');
    expect(await page.locator('#reviewers-error').textContent()).toContain('a manual review needs at least one reviewer');
    expect(await page.getByLabel('Identifier').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);
    expect((await tessera.dependencies.store.achievements.list()).some((a) => a.name === 'Console Skills')).toBe(false);

    // Corrected: the draft is stored, the designer sees no publish button.
    await page.getByLabel('Identifier').fill('console-skills');
    await page.getByLabel('Reviewers’ e-mail addresses').fill('reviewer@demo-university.example');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Create the draft' }).click()]);
    expect(page.url()).toBe(`${tessera.url}/console/achievements/console-skills`);
    expect(await page.getByRole('button', { name: 'Publish this draft' }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await context.close();

    const designer = await sessionOf(tokens.designer);
    expect((await post('/console/achievements/console-skills/publish', designer.cookie, { csrf: designer.csrf })).status).toBe(403);

    // A qa-manager (not its last editor) publishes: the admin API's rules decide (422 naming what is missing).
    const qa = await sessionOf(tokens.qa);
    const qaView = await (await fetch(`${tessera.url}/console/achievements/console-skills`, { headers: { Cookie: `tessera_console=${qa.cookie}` } })).text();
    expect(qaView).toContain('Publish this draft');
    const incomplete = await post('/console/achievements/console-skills/publish', qa.cookie, { csrf: qa.csrf });
    expect(incomplete.status).toBe(422);
    expect((await tessera.dependencies.store.achievements.getDraft('console-skills'))?.status).toBe('draft');
  });
});

describe('reports', () => {
  it('draws each chart in SVG with its data table beside it, and offers the CSV', async () => {
    // Prepare: at least one credential issued in this run (earlier tests issue more).
    const id = await submitForReview('Frances Allen');
    const qa = await sessionOf(tokens.qa);
    await post(`/console/reviews/${id}`, qa.cookie, { csrf: qa.csrf, decision: 'approve', comment: '' });
    await tessera.waitForStatus(id, ['ISSUED']);
    const now = new Date();
    const submissions = await tessera.dependencies.store.submissions.listByAchievement('demo-data-literacy', {
      from: new Date(now.getTime() - 30 * 86_400_000).toISOString(),
      to: now.toISOString(),
    });
    const issued = submissions.filter((s) => s.status === 'ISSUED').length;
    const context = await axeContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    await signIn(page, tokens.qa);

    // Act
    await page.goto(`${tessera.url}/console/reports`);

    // Assess: the weekly chart is an image with a name, and its table adds up to what the store holds.
    const weekly = page.getByRole('region', { name: 'Credentials issued per week' });
    expect(await weekly.getByRole('img', { name: 'Credentials issued per week' }).count()).toBe(1);
    const cells = await weekly.locator('table td').allTextContents();
    expect(cells.map(Number).reduce((a, b) => a + b, 0)).toBe(issued);
    expect(await weekly.locator('svg rect').count()).toBe(cells.length);
    const approval = page.getByRole('region', { name: 'Approval rate per achievement' });
    expect(await approval.getByRole('row', { name: /Data Literacy Foundations/ }).textContent()).toContain('100%');
    await expectNoAxeViolations(page);
    // A window with no decision: the two decision charts say so instead of drawing bare axes.
    await page.goto(`${tessera.url}/console/reports?from=2020-01-01&to=2020-01-31`);
    expect(await page.getByText('No review decision in this window yet', { exact: false }).count()).toBe(2);
    expect(await page.getByText('Submissions received from January 1, 2020 until January 31, 2020: 0.').count()).toBe(1);
    await expectNoAxeViolations(page);
    await context.close();

    const summary = await fetch(`${tessera.url}/console/reports/summary.csv`, { headers: { Cookie: `tessera_console=${qa.cookie}` } });
    expect(summary.headers.get('content-type')).toContain('text/csv');
    expect((await summary.text()).split('\r\n')[0]).toBe('achievementId,name,received,inProgress,inReview,issued,rejected,expired,failed,approvalRate,medianSecondsToDecision');
    const designer = await sessionOf(tokens.designer);
    expect((await fetch(`${tessera.url}/console/reports`, { headers: { Cookie: `tessera_console=${designer.cookie}` } })).status).toBe(403);
  });
});

describe('roles', () => {
  it('hides the queue and its buttons from a designer, and refuses their posts (403)', async () => {
    const id = await submitForReview('Hedy Lamarr');
    const context = await axeContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    await signIn(page, tokens.designer);

    // Not shown: no queue in the navigation, no approve button anywhere.
    const nav = await page.getByRole('navigation', { name: 'Console sections' }).textContent();
    expect(nav).not.toContain('Review queue');
    expect(await page.getByRole('button', { name: 'Approve and release' }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await context.close();

    // Refused: the page and the decision, even with a valid CSRF token.
    const { cookie, csrf } = await sessionOf(tokens.designer);
    expect((await fetch(`${tessera.url}/console/reviews`, { headers: { Cookie: `tessera_console=${cookie}` } })).status).toBe(403);
    expect((await post(`/console/reviews/${id}`, cookie, { csrf, decision: 'approve' })).status).toBe(403);
    expect((await tessera.submission(id))!.review).toBeUndefined();
  });

  it('sends a signed-out visitor of a page to the sign-in form', async () => {
    const response = await fetch(`${tessera.url}/console/reviews`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/console');
  });
});
