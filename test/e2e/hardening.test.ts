// Abuse of the running local stack, over HTTP: hostile bodies answered fast with a 4xx, the local
// pages refused to other Hosts (DNS rebinding), badge images served with their own CSP, rate limits,
// identical answers for unknown webhook sources and bad signatures, and private files.
import { stat } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../functions/webhook-intake/signature.ts';
import { createRateLimits } from '../../functions/shared/rate-limit.ts';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

let tessera: TestTessera;
beforeAll(async () => {
  tessera = await startTestTessera({ provide: { rateLimits: createRateLimits({ verifyPerMinute: 1000, webhookPerMinute: 1000 }) } });
});
afterAll(() => tessera.close());

const verify = (body: string | Uint8Array, contentType: string) => fetch(`${tessera.url}/verify`, { method: 'POST', body, headers: { 'Content-Type': contentType } });

/** GET with a Host header of our choosing (fetch does not let a caller set Host). */
function getWithHost(path: string, host: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(tessera.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.once('error', reject);
    req.end();
  });
}

describe('hostile input to POST /verify', () => {
  it('answers 200 KB of "<svg " with a 400 at once, and keeps serving others meanwhile', async () => {
    // Prepare
    const started = Date.now();

    // Act
    const [response, health] = await Promise.all([verify('<svg '.repeat(40_000), 'image/svg+xml'), fetch(`${tessera.url}/health`)]);

    // Assess
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('no <svg> element');
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each([
    ['application/json', 256 * 1024],
    ['image/svg+xml', 512 * 1024],
    ['application/vc+jwt', 64 * 1024],
  ])('refuses a %s body over its cap (%i bytes) with 413', async (contentType, cap) => {
    // Act
    const response = await verify('x'.repeat(cap + 1), contentType);

    // Assess
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'payload_too_large', message: expect.stringContaining(`${cap} bytes`) });
  });

  it('answers an SVG character reference beyond Unicode with a 400', async () => {
    // Act
    const response = await verify('<svg><openbadges:credential>{"name":"&#x110000;"}</openbadges:credential></svg>', 'image/svg+xml');

    // Assess
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('&#x110000; is not a Unicode character');
  });
});

describe('malformed paths', () => {
  it('answers broken percent-encoding in a path parameter with a 400', async () => {
    // Act
    const response = await fetch(`${tessera.url}/admin/submissions/%E0%A4%A`, { headers: { Authorization: `Bearer ${tessera.adminToken}` } });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'bad_request', message: expect.stringContaining('percent-encoding') });
  });
});

describe('the Host header (DNS rebinding)', () => {
  it('refuses a request for another Host with 421, before reading the outbox', async () => {
    // Act
    const rebound = await getWithHost('/_local/outbox', 'attacker.example');
    const ours = await getWithHost('/_local/outbox', new URL(tessera.url).host);

    // Assess
    expect(rebound.status).toBe(421);
    expect(JSON.parse(rebound.body)).toMatchObject({ error: 'misdirected_request', message: expect.stringContaining(`this server answers only for ${new URL(tessera.url).host}`) });
    expect(ours.status).toBe(200);
  });

  it('serves the outbox page unframable, uncached and without a Referer', async () => {
    const response = await fetch(`${tessera.url}/_local/outbox?format=html`);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses the API and the public files for another Host too', async () => {
    expect((await getWithHost('/verify', 'attacker.example')).status).toBe(421);
    expect((await getWithHost('/.well-known/did.json', `attacker.example:${new URL(tessera.url).port}`)).status).toBe(421);
  });
});

describe('public files', () => {
  it('serves badge SVGs with a CSP of their own and nosniff', async () => {
    // Act
    const response = await fetch(`${tessera.url}/achievements/demo-data-literacy.svg`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves JSON files with nosniff', async () => {
    const response = await fetch(`${tessera.url}/.well-known/did.json`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('webhook source ids', () => {
  const body = JSON.stringify(awardRequest());
  const now = () => Math.floor(Date.now() / 1000);
  const post = (source: string, signature?: string) =>
    fetch(`${tessera.url}/webhooks/${source}`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...(signature ? { 'Tessera-Signature': signature } : {}) } });

  it.each([
    ['no signature', () => undefined],
    ['a malformed signature', () => 't=1,v1=zz'],
    ['a stale signature', () => signWebhook('whatever', body, now() - 3600)],
    ['a signature made with the wrong secret', () => signWebhook('whatever', body, now())],
  ])('answers an unknown source exactly as a known one, for %s', async (_, signature) => {
    // Act
    const known = await post('demo', signature());
    const unknown = await post('no-such-source', signature());

    // Assess
    expect(unknown.status).toBe(401);
    expect(known.status).toBe(401);
    expect(await unknown.json()).toEqual(await known.json());
  });
});

describe('local files', () => {
  it('keeps the data folder for this user only, and the outbox 0600', async () => {
    // Prepare: one mail in the outbox.
    await tessera.postAward(awardRequest());
    for (let i = 0; i < 200 && (await tessera.mails()).length === 0; i++) await new Promise((r) => setTimeout(r, 25));

    // Act
    const folder = await stat(tessera.dataDir);
    const outbox = await stat(join(tessera.dataDir, 'outbox.jsonl'));

    // Assess
    expect(folder.mode & 0o777).toBe(0o700);
    expect(outbox.mode & 0o777).toBe(0o600);
  });
});

describe('rate limits', () => {
  let limited: TestTessera;
  beforeAll(async () => {
    limited = await startTestTessera({ provide: { rateLimits: createRateLimits({ verifyPerMinute: 2, webhookPerMinute: 2 }) } });
  });
  afterAll(() => limited.close());

  it('answers /verify past the per-client limit with 429 and Retry-After', async () => {
    // Act
    const statuses = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await fetch(`${limited.url}/verify`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
      statuses.push(last.status);
    }

    // Assess
    expect(statuses).toEqual([200, 200, 429]);
    expect(last!.headers.get('retry-after')).toBe('30');
    expect(await last!.json()).toMatchObject({ error: 'too_many_requests' });
  });

  it('answers a webhook source past its limit with 429, before checking its signature', async () => {
    // Act
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await limited.postAward(awardRequest(), { secret: 'wrong' })).status);

    // Assess
    expect(statuses).toEqual([401, 401, 429]);
  });
});
