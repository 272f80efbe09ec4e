// The guard on every URL an adapter calls: https, loopback http only in the local stack, no
// redirects, a time limit; and how LMS answers become PlatformApiErrors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey, startFakeLms, type FakeLms } from '../../../test/support/fake-lms.ts';
import { checkPlatformUrl, getPlatformJson, guardPlatformFetch, PlatformApiError, platformFetch } from './fetch-guard.ts';

let lms: FakeLms;
beforeAll(async () => {
  lms = await startFakeLms({ keys: [generateSigningKey('k1')] });
});
afterAll(() => lms.close());

const local = { fetch: guardPlatformFetch(fetch, { allowLoopbackHttp: true }) };

describe('checkPlatformUrl', () => {
  it('allows https anywhere', () => {
    expect(checkPlatformUrl('https://canvas.northfield.example/api/v1/users/1/profile').hostname).toBe('canvas.northfield.example');
  });

  it('allows http only to loopback, and only when the caller allows it', () => {
    for (const url of ['http://127.0.0.1:8080/jwks', 'http://localhost/x', 'http://[::1]:9/x', 'http://127.10.0.3/x']) {
      expect(() => checkPlatformUrl(url)).toThrow(PlatformApiError);
      expect(checkPlatformUrl(url, { allowLoopbackHttp: true }).href).toBe(new URL(url).href);
    }
  });

  it('refuses http to anything else, other schemes, credentials in the URL and non-URLs, whatever the flag', () => {
    for (const url of [
      'http://canvas.northfield.example/x',
      'http://169.254.169.254/latest/meta-data',
      'http://127.0.0.1.nip.io/x',
      'ftp://127.0.0.1/x',
      'file:///etc/passwd',
      'https://user:pw@canvas.northfield.example/',
      'not a url',
    ]) {
      expect(() => checkPlatformUrl(url, { allowLoopbackHttp: true }), url).toThrow(PlatformApiError);
    }
  });
});

describe('guardPlatformFetch', () => {
  it('does not follow a redirect (the next hop would escape the check)', async () => {
    await expect(getPlatformJson(local, `${lms.url}/redirect-to-jwks`, 'the keys')).rejects.toThrow(PlatformApiError);
    await expect(getPlatformJson(local, lms.jwksUrl, 'the keys')).resolves.toMatchObject({ keys: [{ kid: 'k1' }] });
  });

  it('gives up on an LMS that does not answer in time', async () => {
    const impatient = { fetch: guardPlatformFetch(fetch, { allowLoopbackHttp: true, timeoutMs: 150 }) };
    await expect(getPlatformJson(impatient, `${lms.url}/hang`, 'a slow LMS')).rejects.toThrow(/a slow LMS: the call failed/);
  });

  it('wraps an unguarded context fetch in the strict guard, so a context built without it fails closed', async () => {
    await expect(platformFetch({ fetch })(lms.jwksUrl)).rejects.toThrow(/plain http is allowed only to loopback/);
    expect(platformFetch(local)).toBe(local.fetch);
  });
});

describe('getPlatformJson', () => {
  it('answers undefined for 404 and throws PlatformApiError with the status for 401 and 5xx', async () => {
    await expect(getPlatformJson(local, `${lms.url}/nothing-here`, 'x')).resolves.toBeUndefined();
    lms.setJwksStatus(503);
    const error = (await getPlatformJson(local, lms.jwksUrl, 'the keys').catch((e: unknown) => e)) as PlatformApiError;
    lms.setJwksStatus(200);
    expect(error).toBeInstanceOf(PlatformApiError);
    expect(error.status).toBe(503);
  });
});
