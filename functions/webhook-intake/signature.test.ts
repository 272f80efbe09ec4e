import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '@tessera/core';
import { signWebhook, verifyWebhookSignature } from './signature.ts';

const secret = 'whsec_test_secret';
const body = '{"eventId":"e1"}';
const now = new Date('2026-11-28T12:00:00Z');
const t = Math.floor(now.getTime() / 1000);

describe('webhook signatures', () => {
  it('accepts a signature over "<t>.<raw body>" made with the source secret', () => {
    expect(() => verifyWebhookSignature({ header: signWebhook(secret, body, t), rawBody: body, secret, now })).not.toThrow();
  });

  it('accepts any one matching v1 among several (secret rotation)', () => {
    const header = `t=${t},v1=${'0'.repeat(64)},${signWebhook(secret, body, t).split(',')[1]}`;
    expect(() => verifyWebhookSignature({ header, rawBody: body, secret, now })).not.toThrow();
  });

  it('refuses a body changed after signing', () => {
    const header = signWebhook(secret, body, t);
    expect(() => verifyWebhookSignature({ header, rawBody: body.replace('e1', 'e2'), secret, now })).toThrow(/does not match/);
  });

  it('refuses timestamps more than five minutes away, either side', () => {
    for (const skew of [-301, 301]) {
      const header = signWebhook(secret, body, t + skew);
      expect(() => verifyWebhookSignature({ header, rawBody: body, secret, now })).toThrow(/stale/);
    }
  });

  it('accepts timestamps within the tolerance', () => {
    const header = signWebhook(secret, body, t - 299);
    expect(() => verifyWebhookSignature({ header, rawBody: body, secret, now })).not.toThrow();
  });

  it.each([undefined, '', 'v1=abc', `t=${t}`, `t=abc,v1=${'0'.repeat(64)}`, `t=${t},t=${t},v1=${'0'.repeat(64)}`])('refuses a missing or malformed header (%s) as 401', (header) => {
    expect(() => verifyWebhookSignature({ header, rawBody: body, secret, now })).toThrow(UnauthorizedError);
  });
});
