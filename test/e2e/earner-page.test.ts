// The earner's own page in a real Chromium, from the outbox mail to the badge page showing their
// name: sign-in by link (single-use, a made-up one is a 404 page), keyboard only, axe on each page,
// CSRF refused, the zip, and the language switch.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { axeContext, axeViolations } from '../support/axe.ts';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';
import { waitForMail } from '../support/mail.ts';

const EMAIL = 'ada.learner@example.org';
let tessera: TestTessera;
let browser: Browser;
let context: BrowserContext;
let credentialId: string;

beforeAll(async () => {
  [tessera, browser] = await Promise.all([startTestTessera({ demoAchievement: { qaPolicy: 'auto' } }), launchBrowser()]);
  const response = await tessera.postAward(awardRequest({ recipient: { email: EMAIL, name: 'Ada Learner' } }));
  const { submissionId } = (await response.json()) as { submissionId: string };
  credentialId = (await tessera.waitForStatus(submissionId, ['ISSUED'])).credentialId!;
  // axe is injected as an inline script: the pages' CSP would refuse it (none of them runs script).
  context = await axeContext(browser);
});
afterAll(async () => {
  await browser?.close();
  await tessera?.close();
});

const signInMails = async () => (await tessera.mails()).filter((m) => m.subject === 'Your sign-in link');
const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${tessera.url}${path}`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body });

describe('the earner page /me', () => {
  it('answers the same page for an address it does not know, and mails nothing', async () => {
    const unknown = await post('/me', 'email=nobody%40example.org');
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain('If we know this address, a sign-in link is on its way.');
    expect(await signInMails()).toEqual([]);
    const invalid = await post('/me', 'email=not-an-address');
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('Enter an e-mail address');
  });

  it('a made-up sign-in link is a 404 page', async () => {
    const made = await fetch(`${tessera.url}/me/${'A'.repeat(43)}`);
    expect(made.status).toBe(404);
    expect(made.headers.get('content-type')).toContain('text/html');
    expect((await post(`/me/${'B'.repeat(43)}`, '')).status).toBe(404);
  });

  it('from the mailed link to showing the name on the badge page, by keyboard, with no axe violations', async () => {
    const page = await context.newPage();
    await page.goto(`${tessera.url}/me`);
    expect(await axeViolations(page)).toEqual([]);
    await page.focus('#email');
    await page.keyboard.type(EMAIL);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.textContent('[role="status"]')).toContain('a sign-in link is on its way');

    const mail = await waitForMail(signInMails, (m) => m.to === EMAIL, 'the sign-in mail');
    const link = /http:\/\/\S+\/me\/[A-Za-z0-9_-]{43}/.exec(mail.text)![0];
    await page.goto(link);
    expect(await axeViolations(page)).toEqual([]);
    await page.focus('main form button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/me');
    expect(await page.textContent('h3')).toBe('Data Literacy Foundations');
    expect(await page.textContent('main')).toContain('Active');
    expect(await axeViolations(page)).toEqual([]);

    // The link is used up.
    expect((await post(new URL(link).pathname, '')).status).toBe(404);

    // Show the name: tick the box with the space bar, save with Enter.
    await page.focus('input[name="showName"]');
    await page.keyboard.press('Space');
    await page.focus(`form[action="/me/credentials/${credentialId}/visibility"] button`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.textContent('.notice')).toContain('now shows what you chose');
    expect(await page.isChecked('input[name="showName"]')).toBe(true);
    const badge = await (await fetch(`${tessera.url}/badges/${credentialId}`)).text();
    expect(badge).toContain('Awarded to Ada Learner');
    await page.close();
  });

  it('refuses a visibility change without the CSRF token (403), and downloads every credential as a zip', async () => {
    const cookies = await context.cookies(`${tessera.url}/me`); // the session cookie is scoped to /me
    const session = cookies.find((c) => c.name === 'tessera_earner');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    const cookie = `tessera_earner=${session!.value}`;

    const forged = await post(`/me/credentials/${credentialId}/visibility`, 'showName=on', { Cookie: cookie });
    expect(forged.status).toBe(403);
    const wrong = await post(`/me/credentials/${credentialId}/visibility`, 'showName=on&csrf=forged', { Cookie: cookie });
    expect(wrong.status).toBe(403);

    const zip = await fetch(`${tessera.url}/me/credentials.zip`, { headers: { Cookie: cookie } });
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const file = join(mkdtempSync(join(tmpdir(), 'earner-zip-')), 'credentials.zip');
    writeFileSync(file, Buffer.from(await zip.arrayBuffer()));
    expect(execFileSync('unzip', ['-t', file]).toString()).toContain('No errors detected');
    expect(execFileSync('unzip', ['-l', file]).toString()).toContain(`data-literacy-foundations-${credentialId}.json`);
    expect((await fetch(`${tessera.url}/me/credentials.zip`)).status).toBe(403);
  });

  it('follows Accept-Language, and a language chosen with the switch sticks', async () => {
    const french = await fetch(`${tessera.url}/me`, { headers: { 'Accept-Language': 'fr-FR,fr;q=0.9' } });
    expect(await french.text()).toContain('<html lang="fr">');

    const page = await context.newPage();
    await page.goto(`${tessera.url}/me`);
    await page.selectOption('#lang', 'fr');
    await Promise.all([page.waitForNavigation(), page.click('form.lang button')]);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page.goto(`${tessera.url}/me`);
    expect(await page.textContent('h1')).toBe('Vos certifications');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
