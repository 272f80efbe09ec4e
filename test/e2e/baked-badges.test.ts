// Baked badges over HTTP on the real local stack: published beside the credential, verified when
// posted as PNG or SVG, checked check by check on the GET /verify page in a real browser, and
// verified by `npx tessera verify` on files.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bakedBadges } from '@tessera/badges';
import { publicPaths, publicUrl } from '@tessera/core';
import { main } from '@tessera/cli';
import { unbakePng, unbakeSvg } from '@tessera/credentials';
import { launchBrowser } from '../support/browser.ts';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

type Verification = { verified: boolean; checks: { name: string; ok: boolean; message: string }[] };
type Issued = { id: string; json: string; png: Uint8Array; svg: string; pngResponse: Response; svgResponse: Response };

let tessera: TestTessera;
let browser: Browser;
let issued: Issued;
let files: string;

/** Runs an award through the stack (auto QA) and fetches what was published. */
async function issueOne(): Promise<Issued> {
  const response = await tessera.postAward(awardRequest());
  const { submissionId } = (await response.json()) as { submissionId: string };
  const submission = await tessera.waitForStatus(submissionId, ['ISSUED']);
  const id = submission.credentialId!;
  const at = (format: 'png' | 'svg') => fetch(publicUrl(tessera.url, publicPaths.bakedBadge(id, format)));
  const [json, pngResponse, svgResponse] = await Promise.all([fetch(submission.credentialUrl!).then((r) => r.text()), at('png'), at('svg')]);
  const png = new Uint8Array(await pngResponse.clone().arrayBuffer());
  const svg = await svgResponse.clone().text();
  return { id, json, png, svg, pngResponse, svgResponse };
}

beforeAll(async () => {
  [tessera, browser, files] = await Promise.all([
    startTestTessera({ demoAchievement: { qaPolicy: 'auto', design: { level: 'intermediate' } } }),
    launchBrowser(),
    mkdtemp(join(tmpdir(), 'tessera-badges-')),
  ]);
  issued = await issueOne();
});
afterAll(async () => {
  await browser?.close();
  await tessera?.close();
  if (files) await rm(files, { recursive: true, force: true });
});

const verify = (body: string | Uint8Array, contentType: string) => fetch(`${tessera.url}/verify`, { method: 'POST', headers: { 'Content-Type': contentType }, body });

describe('baked badges on the public origin', () => {
  it('publishes {id}.png and {id}.svg beside {id}.json, immutable, with their media types', () => {
    expect(issued.pngResponse.status).toBe(200);
    expect(issued.pngResponse.headers.get('content-type')).toBe('image/png');
    expect(issued.pngResponse.headers.get('cache-control')).toContain('immutable');
    expect(issued.svgResponse.status).toBe(200);
    expect(issued.svgResponse.headers.get('content-type')).toBe('image/svg+xml');
    expect(issued.svgResponse.headers.get('cache-control')).toContain('immutable');
  });

  it('bakes into each image exactly the credential published as JSON', () => {
    expect(unbakePng(issued.png)).toBe(issued.json);
    expect(unbakeSvg(issued.svg)).toBe(issued.json);
  });

  it('can be rebuilt byte for byte from the stored credential, as a retried release does', async () => {
    const stored = await tessera.dependencies.store.credentials.get(issued.id);

    const again = bakedBadges(JSON.stringify(stored!.credential, null, 2), { level: 'intermediate' });

    expect(Buffer.from(again.png).equals(Buffer.from(issued.png))).toBe(true);
    expect(again.svg).toBe(issued.svg);
  });
});

describe('POST /verify with a baked badge', () => {
  it('verifies a baked PNG (sent as binary, base64 through the gateway)', async () => {
    const response = await verify(issued.png, 'image/png');

    expect(response.status).toBe(200);
    const result = (await response.json()) as Verification;
    expect(result.verified).toBe(true);
    expect(result.checks.map((c) => c.name)).toEqual(['structure', 'schema', 'proof', 'issuer', 'validity', 'status']);
  });

  it('verifies a baked SVG', async () => {
    const result = (await (await verify(issued.svg, 'image/svg+xml')).json()) as Verification;

    expect(result.verified).toBe(true);
  });

  it('answers a PNG without a credential with a 400 naming the missing chunk', async () => {
    const blank = (await import('@tessera/badges')).renderBadge({ achievementName: 'Blank', issuerName: 'Nobody', level: 'foundation' }).png;

    const response = await verify(blank, 'image/png');

    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe('request body is a PNG without a baked credential: no iTXt chunk keyed "openbadgecredential"');
  });

  it('answers an SVG without a credential with a 400 naming the missing element', async () => {
    const response = await verify('<svg xmlns="http://www.w3.org/2000/svg"/>', 'image/svg+xml');

    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('no <openbadges:credential> element');
  });

  it('finds a tampered baked credential not verified, naming the proof', async () => {
    const tampered = issued.svg.replace('Data Literacy Foundations', 'Doctorate in Everything');

    const result = (await (await verify(tampered, 'image/svg+xml')).json()) as Verification;

    expect(result.verified).toBe(false);
    expect(result.checks.find((c) => !c.ok)?.name).toBe('proof');
  });
});

describe('the GET /verify page in a browser', () => {
  it('is served with a CSP that allows its own script by hash and no inline script otherwise', async () => {
    const response = await fetch(`${tessera.url}/verify`);

    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*';/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("connect-src 'self'");
  });

  it('shows each check after a credential is pasted', async () => {
    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => m.type() === 'error' && blocked.push(m.text()));
    await page.goto(`${tessera.url}/verify`);

    await page.fill('#credential', issued.json);
    await page.click('button[type=submit]');
    await page.waitForSelector('#result li');

    expect(await page.textContent('#result h2')).toBe('Verified');
    const checks = await page.$$eval('#result li', (items) => items.map((li) => [li.getAttribute('data-check'), li.className]));
    expect(checks).toEqual([
      ['structure', 'ok'],
      ['schema', 'ok'],
      ['proof', 'ok'],
      ['issuer', 'ok'],
      ['validity', 'ok'],
      ['status', 'ok'],
    ]);
    expect(blocked).toEqual([]);
    await page.close();
  });

  it('shows each check after a baked PNG is uploaded', async () => {
    const page = await browser.newPage();
    await page.goto(`${tessera.url}/verify`);

    await page.setInputFiles('#file', { name: 'badge.png', mimeType: 'image/png', buffer: Buffer.from(issued.png) });
    await page.click('button[type=submit]');
    await page.waitForSelector('#result li');

    expect(await page.textContent('#result h2')).toBe('Verified');
    expect(await page.$$eval('#result li.ok', (items) => items.length)).toBe(6);
    expect(await page.textContent('#result li[data-check=proof]')).toContain('eddsa-rdfc-2022 signature verified');
    await page.close();
  });

  it('says which check failed for a tampered credential', async () => {
    const page = await browser.newPage();
    await page.goto(`${tessera.url}/verify`);

    await page.fill('#credential', issued.json.replace('Data Literacy Foundations', 'Doctorate in Everything'));
    await page.click('button[type=submit]');
    await page.waitForSelector('#result li');

    expect(await page.textContent('#result h2')).toBe('Not verified');
    expect(await page.getAttribute('#result li[data-check=proof]', 'class')).toBe('failed');
    await page.close();
  });
});

describe('npx tessera verify FILE', () => {
  const run = promisify(execFile);
  const cli = async (args: string[]) => {
    try {
      const { stdout, stderr } = await run('npx', ['--no-install', 'tessera', ...args], { cwd: process.cwd() });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
  const file = async (name: string, body: string | Uint8Array) => {
    const path = join(files, name);
    await writeFile(path, body);
    return path;
  };

  it.each([
    ['credential.json', () => issued.json],
    ['badge.png', () => issued.png],
    ['badge.svg', () => issued.svg],
  ])('verifies %s: exit 0 and every check listed', async (name, body) => {
    const { code, stdout } = await cli(['verify', await file(name, body())]);

    expect(code).toBe(0);
    expect(stdout).toContain('✓ Verified');
    expect(stdout).toContain('Data Literacy Foundations, issued by Demo University');
    for (const check of ['structure', 'schema', 'proof', 'issuer', 'validity', 'status']) expect(stdout).toMatch(new RegExp(`✓ ${check}\\b`));
  });

  it('exits 1 for a tampered credential and prints JSON with --json', async () => {
    const path = await file('tampered.json', issued.json.replace('Data Literacy Foundations', 'Doctorate in Everything'));

    const { code, stdout } = await cli(['verify', path, '--json']);

    expect(code).toBe(1);
    const result = JSON.parse(stdout) as Verification;
    expect(result.verified).toBe(false);
    expect(result.checks.find((c) => c.name === 'proof')?.ok).toBe(false);
  });

  it('exits 1 for a PNG that carries no credential, saying so', async () => {
    const blank = (await import('@tessera/badges')).renderBadge({ achievementName: 'Blank', issuerName: 'Nobody', level: 'foundation' }).png;
    const path = await file('blank.png', blank);

    const { code, stdout } = await cli(['verify', path]);

    expect(code).toBe(1);
    expect(stdout).toContain('no iTXt chunk keyed "openbadgecredential"');
  });

  // Usage errors run in-process (main is what the launcher calls): no need to pay a spawn for each.
  it.each([
    ['no arguments', [], 'no command given'],
    ['an unknown option', ['verify', 'x.json', '--yaml'], 'unknown option --yaml'],
    ['two files', ['verify', 'a.json', 'b.json'], 'verify takes one FILE, not 2'],
    ['a file that does not exist', ['verify', '/nonexistent/badge.png'], 'cannot read /nonexistent/badge.png: ENOENT'],
  ])('exits 2 on a usage error: %s', async (_, args, message) => {
    let stderr = '';
    const io = { stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) } };

    const code = await main(args, io);

    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
