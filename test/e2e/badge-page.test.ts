// The badge page in a real Chromium, under its real CSP: it verifies the credential when opened,
// checks a recipient in the browser, copies by keyboard, passes axe (WCAG 2.2 AA), works without
// JavaScript through the verify page, and says Revoked once the issuer revokes.
// TESSERA_SCREENSHOTS=1 also writes docs/images/badge-page.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BADGE_PAGE_CSP } from '@tessera/core';
import { launchBrowser } from '../support/browser.ts';
import { axeContext, axeViolations } from '../support/axe.ts';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

let tessera: TestTessera;
let browser: Browser;
let credentialId: string;
let pageUrl: string;

beforeAll(async () => {
  [tessera, browser] = await Promise.all([startTestTessera({ demoAchievement: { qaPolicy: 'auto' } }), launchBrowser()]);
  const response = await tessera.postAward(awardRequest({ recipient: { email: 'ada.learner@example.org', name: 'Ada Learner' } }));
  const { submissionId } = (await response.json()) as { submissionId: string };
  const issued = await tessera.waitForStatus(submissionId, ['ISSUED']);
  credentialId = issued.credentialId!;
  pageUrl = `${tessera.url}/badges/${credentialId}`;
});
afterAll(async () => {
  await browser?.close();
  await tessera?.close();
});

/** Opens the page under its own CSP, failing the test on any console error (a CSP refusal is one). */
async function open(url = pageUrl): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: tessera.url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    // The browser's own favicon request is not the page's doing.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) errors.push(`${message.text()} ${message.location().url}`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, errors };
}

describe('the badge page', () => {
  it('is published as text/html at /badges/{id}, with the CSP that allows only its own script', async () => {
    const response = await fetch(pageUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(BADGE_PAGE_CSP);
    expect(response.headers.get('cache-control')).not.toContain('immutable');
    const script = await fetch(`${tessera.url}/assets/badge.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
  });

  it('verifies the credential when opened and announces it in a status region', async () => {
    const { page, errors } = await open();
    const status = page.locator('#verify-status[role="status"]');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe('Verified: the signature, the issuer and the status are valid.');
    expect(await page.textContent('h1')).toBe('Data Literacy Foundations');
    expect(await page.textContent('main')).toContain('Awarded to a verified earner');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('answers whether it was issued to an address, in the browser, without sending it', async () => {
    const { page } = await open();
    const sent: string[] = [];
    page.on('request', (request) => sent.push(`${request.url()} ${request.postData() ?? ''}`));
    await page.fill('#recipient-email', 'Ada.Learner@example.org');
    await page.press('#recipient-email', 'Enter');
    await expect.poll(() => page.textContent('#recipient-result')).toBe('Yes: this credential was issued to ada.learner@example.org.');
    await page.fill('#recipient-email', 'someone.else@example.org');
    await page.click('#recipient-form button');
    await expect.poll(() => page.textContent('#recipient-result')).toBe('No: this credential was not issued to someone.else@example.org.');
    expect(sent.filter((s) => s.includes('example.org') && s.includes('@'))).toEqual([]);
    await page.context().close();
  });

  it('copies the link with the keyboard, and LinkedIn gets the badge page and the credential id', async () => {
    const { page } = await open();
    await page.locator('#copy-link').waitFor({ state: 'visible' });
    await page.focus('#copy-link');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#copy-status')).toBe('Copied: Credential URL');
    expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(pageUrl);
    const linkedIn = new URL((await page.getAttribute('#linkedin', 'href'))!);
    expect(linkedIn.searchParams.get('certUrl')).toBe(pageUrl);
    expect(linkedIn.searchParams.get('certId')).toBe(credentialId);
    expect(linkedIn.searchParams.get('organizationName')).toBe('Demo University');
    expect(await page.getAttribute('meta[property="og:image"]', 'content')).toBe(`${tessera.url}/credentials/${credentialId}.png`);
    await page.context().close();
  });

  it('has no axe violations (WCAG 2.2 AA) once verified', async () => {
    const context = await axeContext(browser);
    const page = await context.newPage();
    await page.goto(pageUrl);
    await expect.poll(() => page.textContent('#verify-status'), { timeout: 15_000 }).toMatch(/^Verified/);
    expect(await axeViolations(page)).toEqual([]);
    if (process.env.TESSERA_SCREENSHOTS === '1') {
      await page.setViewportSize({ width: 900, height: 1200 });
      await page.screenshot({ path: 'docs/images/badge-page.png', fullPage: false });
    }
    await context.close();
  });

  it('without JavaScript, links to the verify page, which checks the credential on the server', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(pageUrl);
    expect(await page.isHidden('#recipient-form')).toBe(true);
    expect(await page.textContent('noscript')).toContain('needs JavaScript');
    await Promise.all([page.waitForNavigation(), page.click('text=Verify it on the verification page')]);
    expect(await page.textContent('#result h2')).toBe('Verified');
    expect(await page.locator('#result li.failed').count()).toBe(0);
    await context.close();
  });

  it('refuses to fetch, for the verify page, a credential that is not published here', async () => {
    const response = await fetch(`${tessera.url}/verify?credential=${encodeURIComponent('https://elsewhere.example/credentials/x.json')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('credential must be the URL of a credential published here');
  });

  it('says Revoked, with the date, after the issuer revokes the credential', async () => {
    const revoked = await fetch(`${tessera.url}/admin/credentials/${credentialId}/revoke`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tessera.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'issued in error' }),
    });
    expect(revoked.status).toBe(200);
    const { page, errors } = await open();
    const today = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date());
    await expect.poll(() => page.textContent('#verify-status'), { timeout: 15_000 }).toBe(`Revoked on ${today}`);
    expect(await page.textContent('.notice')).toBe(`The issuer revoked this credential on ${today}.`);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
