// The console's sources and their events in a real Chromium against the real local Tessera (DynamoDB
// Local, the in-process delivery queue): an Open edX source receives real plugin bodies; the list
// counts its events by outcome without showing a secret, a source's page lists and filters its log,
// the replay form re-runs kept events exactly as POST /admin/sources/{id}/replay does (CSRF, role,
// audit), and the reports chart the events per source with a table and a CSV. axe on every page.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '@tessera/core';
import { launchBrowser } from '../support/browser.ts';
import { axeContext, axeViolations } from '../support/axe.ts';
import { createUser, getPage, postForm, pressAndLoad, sessionOf, signIn } from '../support/console.ts';
import { lmsFixtureJson } from '../support/fake-lms.ts';
import { startTestTessera, type TestTessera } from '../support/local-tessera.ts';

const SOURCE = 'northfield-openedx';
const COURSE = 'course-v1:NorthfieldX+DATA101+2026_T3';
const CERTIFICATE = 'openedx_events.learning.data.CertificateData';

let tessera: TestTessera;
let browser: Browser;
let secret: string;
/** The key of the event that arrives without the learner's e-mail. */
let unresolvedKey = '';
const people = { admin: { id: '', token: '' }, auditor: { id: '', token: '' } };

/** A certificate.created body for a learner, with their e-mail (pii) or without it (a bare user id). */
function certificate(user: { id: string; email?: string; name?: string }) {
  const body = lmsFixtureJson('openedx/certificate_created.json');
  const data = body[CERTIFICATE];
  return {
    ...body,
    [CERTIFICATE]: { ...data, user: { id: user.id, is_active: true, pii: user.email ? { username: user.id, email: user.email, name: user.name } : null } },
    event_metadata: { ...body.event_metadata, id: randomUUID() },
  };
}

async function deliver(body: unknown, pathSecret = secret): Promise<number> {
  const response = await fetch(`${tessera.url}/webhooks/${SOURCE}/${encodeURIComponent(pathSecret)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  await tessera.deliveries.idle();
  return response.status;
}

/** The store's own counts, for the pages to be held to. */
async function storedCounts(): Promise<Record<DeliveryOutcome, number>> {
  const counts = { accepted: 0, duplicate: 0, ignored: 0, unresolved: 0, refused: 0 };
  for (const entry of await tessera.dependencies.store.deliveries.listEntries(SOURCE)) counts[entry.outcome]++;
  return counts;
}

/** A page in a browser of its own (its own cookies), signed in with `token` by keyboard. */
async function signedInPage(token: string): Promise<Page> {
  const context = await axeContext(browser, { locale: 'en-GB' });
  const page = await context.newPage();
  page.on('close', () => void context.close());
  await signIn(tessera, page, token);
  return page;
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  expect(await axeViolations(page), page.url()).toEqual([]);
}

beforeAll(async () => {
  [tessera, browser] = await Promise.all([startTestTessera(), launchBrowser()]);
  people.admin = await createUser(tessera, 'ari.admin@demo-university.example', 'Ari Admin', ['admin']);
  people.auditor = await createUser(tessera, 'aud.itor@demo-university.example', 'Aud Itor', ['auditor']);
  const created = await fetch(`${tessera.url}/admin/sources`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tessera.adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: SOURCE, kind: 'openedx', name: 'Northfield Open edX', rules: [{ course: COURSE, achievementId: 'demo-data-literacy' }] }),
  });
  expect(created.status).toBe(201);
  secret = ((await created.json()) as { secret: string }).secret;

  // One of each: accepted (the e-mail comes with the event), unresolved (a bare user id), refused (a wrong secret).
  expect(await deliver(certificate({ id: '1184', email: 'r.patel@learners.northfield.example', name: 'Riya Patel' }))).toBe(202);
  const bare = certificate({ id: 'edx-77' });
  unresolvedKey = bare.event_metadata.id;
  expect(await deliver(bare)).toBe(202);
  expect(await deliver(certificate({ id: '1185', email: 'x@example.org' }), 'not-the-secret')).toBe(401);
  expect(await storedCounts()).toEqual({ accepted: 1, duplicate: 0, ignored: 0, unresolved: 1, refused: 1 });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await tessera?.close();
});

describe('the sources list', () => {
  it('lists every source with its kind, rules and events by outcome, and never a secret', async () => {
    const page = await signedInPage(people.admin.token);

    await page.goto(`${tessera.url}/console/sources`);

    const row = page.getByRole('row', { name: /Northfield Open edX/ });
    const cells = await row.locator('td').allTextContents();
    // id, kind, webhook URL, rules, then accepted, duplicate, ignored, unresolved, refused.
    expect(cells.slice(0, 2)).toEqual([SOURCE, 'openedx']);
    expect(cells[2]).toContain('the URL holds the secret');
    expect(cells.slice(3).map(Number)).toEqual([1, 1, 0, 0, 1, 1]);
    // The generic demo source shows its URL; no secret of either appears anywhere on the page.
    expect(await page.getByRole('row', { name: /demo/ }).first().textContent()).toContain(`${tessera.url}/webhooks/demo`);
    const html = await page.content();
    expect(html).not.toContain(secret);
    expect(html).not.toContain(tessera.webhookSecret);
    await expectNoAxeViolations(page);
    await page.close();
  });
});

describe("a source's events page", () => {
  it('shows the log newest first with a link to the submission, and filters it by outcome and from-date', async () => {
    const page = await signedInPage(people.admin.token);
    await page.goto(`${tessera.url}/console/sources`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Northfield Open edX' }).click()]);

    // Everything: three lines, the counts table, the accepted one linking to its submission.
    const log = page.getByRole('table', { name: 'Events log' });
    expect(await log.locator('tbody tr').count()).toBe(3);
    expect(
      await page
        .getByRole('table', { name: /3 events received, by outcome/ })
        .locator('td')
        .allTextContents(),
    ).toEqual(['1', '0', '0', '1', '1']);
    const accepted = await tessera.dependencies.store.deliveries.listEntries(SOURCE).then((es) => es.find((e) => e.outcome === 'accepted')!);
    expect(await log.getByRole('link', { name: accepted.submissionId! }).getAttribute('href')).toBe(`/console/submissions/${accepted.submissionId}`);
    expect(await page.locator('main').textContent()).not.toContain(secret);
    await expectNoAxeViolations(page);

    // Only the unresolved one, by keyboard.
    await page.getByLabel('Outcome').selectOption('unresolved');
    await page.getByRole('button', { name: 'Show' }).focus();
    await pressAndLoad(page, 'Enter');
    const rows = await log.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(unresolvedKey);
    expect(rows[0]).toContain('no e-mail for LMS user edx-77');

    // From tomorrow: nothing; a from-date that is not one: 400, named beside its field.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${tessera.url}/console/sources/${SOURCE}?from=${tomorrow}`);
    expect(await page.getByText('No event to list.').isVisible()).toBe(true);
    const bad = await page.goto(`${tessera.url}/console/sources/${SOURCE}?from=last-week`);
    expect(bad?.status()).toBe(400);
    expect(await page.getByLabel('Received from', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('answers 404 for a source that does not exist', async () => {
    const { cookie } = await sessionOf(tessera, people.auditor.token);
    const response = await getPage(tessera, '/console/sources/no-such-source', cookie);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('There is no source “no-such-source”.');
  });
});

describe('the replay form', () => {
  const replays = async () => (await tessera.dependencies.store.audit.list({ entity: 'source', entityId: SOURCE })).entries.filter((e) => e.action === 'source.replayed');

  it('is not shown to an auditor, whose replay is refused (403) even with a valid CSRF token; nothing is queued', async () => {
    const { cookie, csrf } = await sessionOf(tessera, people.auditor.token);

    const html = await (await getPage(tessera, `/console/sources/${SOURCE}`, cookie)).text();
    const posted = await postForm(tessera, `/console/sources/${SOURCE}/replay`, cookie, { csrf, outcome: 'unresolved' });

    expect(html).toContain('Events log');
    expect(html).not.toContain('Replay kept events');
    expect(posted.status).toBe(403);
    expect(await replays()).toEqual([]);
  });

  it('refuses a post without its CSRF token or with another session’s (403), and a bad outcome beside its field (400); nothing is queued', async () => {
    const { cookie, csrf } = await sessionOf(tessera, people.admin.token);
    const other = await sessionOf(tessera, people.admin.token);

    const without = await postForm(tessera, `/console/sources/${SOURCE}/replay`, cookie, { outcome: 'unresolved' });
    const foreign = await postForm(tessera, `/console/sources/${SOURCE}/replay`, cookie, { csrf: other.csrf, outcome: 'unresolved' });
    const refused = await postForm(tessera, `/console/sources/${SOURCE}/replay`, cookie, { csrf, outcome: 'refused' });

    expect([without.status, foreign.status, refused.status]).toEqual([403, 403, 400]);
    expect(await refused.text()).toMatch(/id="replay-outcome"[^>]*aria-invalid="true" aria-describedby="replay-outcome-error"/);
    expect(await replays()).toEqual([]);
  });

  it('turns the unresolved event accepted once the learner directory names the learner, audited as the signed-in admin', async () => {
    // Prepare: the directory row written through the store, which (unlike the upload route) queues
    // no re-run of its own: only the console's replay can resolve the event now.
    await tessera.dependencies.store.learners.write(SOURCE, [{ lmsUserId: 'edx-77', email: 'sam.bare@learners.northfield.example', name: 'Sam Bare' }], 'add');
    await tessera.deliveries.idle();
    expect((await storedCounts()).unresolved).toBe(1);
    const page = await signedInPage(people.admin.token);
    await page.goto(`${tessera.url}/console/sources/${SOURCE}`);
    await expectNoAxeViolations(page);

    // Act: choose "Unresolved", then the Replay button by keyboard.
    await page.getByLabel('Events to re-run').selectOption('unresolved');
    await page.getByRole('button', { name: 'Replay', exact: true }).focus();
    await pressAndLoad(page, 'Enter');

    // Assess: the page says it is queued; once the queue has run, the event is accepted with a submission.
    expect(await page.getByRole('status').textContent()).toContain('The replay of the events that were “Unresolved” is queued');
    await expectNoAxeViolations(page);
    await tessera.deliveries.idle();
    const entry = (await tessera.dependencies.store.deliveries.listEntries(SOURCE)).find((e) => e.key === unresolvedKey)!;
    expect(entry).toMatchObject({ outcome: 'accepted', submissionId: expect.stringMatching(/^sub_/), replayedAt: expect.any(String) });
    expect((await tessera.submission(entry.submissionId!))?.recipient).toEqual({ email: 'sam.bare@learners.northfield.example', name: 'Sam Bare' });
    await page.reload();
    const row = page.getByRole('table', { name: 'Events log' }).getByRole('row', { name: new RegExp(unresolvedKey) });
    expect(await row.textContent()).toContain('Accepted');
    expect((await replays()).at(-1)).toMatchObject({ actor: people.admin.id, roles: ['admin'], summary: 'replay of unresolved events' });
    await page.close();
  });
});

describe('the reports', () => {
  it('charts the events by outcome per source with its table beside, and offers them as CSV', async () => {
    const page = await signedInPage(people.auditor.token);

    await page.goto(`${tessera.url}/console/reports`);

    const events = page.getByRole('region', { name: 'Events by outcome per source' });
    expect(await events.getByRole('img', { name: 'Events by outcome per source' }).count()).toBe(1);
    const stored = await storedCounts();
    const cells = await events
      .getByRole('row', { name: /Northfield Open edX/ })
      .locator('td')
      .allTextContents();
    expect(cells.map(Number)).toEqual([stored.accepted, stored.duplicate, stored.ignored, stored.unresolved, stored.refused, 3]);
    // One segment per outcome that has events, and the legend's five swatches.
    expect(await events.locator('svg rect').count()).toBe(5 + Object.values(stored).filter((n) => n > 0).length);
    await expectNoAxeViolations(page);
    await page.close();

    const { cookie } = await sessionOf(tessera, people.auditor.token);
    const csv = await getPage(tessera, '/console/reports/events.csv', cookie);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('sourceId,name,accepted,duplicate,ignored,unresolved,refused,total');
    expect(lines).toContain(`${SOURCE},Northfield Open edX,${stored.accepted},0,0,${stored.unresolved},${stored.refused},3`);
  });
});
