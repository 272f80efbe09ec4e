import { createHmac } from 'node:crypto';
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

  it.each([undefined, '', 'v1=abc', `t=${t}`, `t=abc,v1=${'0'.repeat(64)}`, `t=${t},t=${t},v1=${'0'.repeat(64)}`])(
    'refuses a missing or malformed header (%s) as 401',
    (header) => {
      expect(() => verifyWebhookSignature({ header, rawBody: body, secret, now })).toThrow(UnauthorizedError);
    },
  );

  it('signs "<t>.<raw body>" with HMAC-SHA256 as the documented header (a fixed test vector)', () => {
    expect(t).toBe(1795867200);
    expect(signWebhook(secret, body, t)).toBe('t=1795867200,v1=931a46ee5ad05336a7d56aff658f3fe61b91b6d72f84ce823187954585fa03bb');
  });

  it('accepts the HMAC in upper-case hex, and spaces after the commas', () => {
    const v1 = signWebhook(secret, body, t).split('v1=')[1]!;
    expect(() => verifyWebhookSignature({ header: `t=${t},v1=${v1.toUpperCase()}`, rawBody: body, secret, now })).not.toThrow();
    expect(() => verifyWebhookSignature({ header: `t=${t}, v1=${v1}`, rawBody: body, secret, now })).not.toThrow();
  });

  it('accepts timestamps exactly 300 s away, either side', () => {
    for (const skew of [-300, 300]) {
      const header = signWebhook(secret, body, t + skew);
      expect(() => verifyWebhookSignature({ header, rawBody: body, secret, now })).not.toThrow();
    }
  });

  it('says how stale a stale signature is', () => {
    const header = signWebhook(secret, body, t - 301);
    expect(() => verifyWebhookSignature({ header, rawBody: body, secret, now })).toThrow('stale Tessera-Signature: timestamp is 301 s from now (tolerance 300 s)');
  });

  it('refuses a valid HMAC sent under any label other than v1', () => {
    const v1 = signWebhook(secret, body, t).split('v1=')[1]!;
    for (const label of ['v0', 'v2', 'V1', 's1', '']) {
      expect(() => verifyWebhookSignature({ header: `t=${t},${label}=${v1}`, rawBody: body, secret, now })).toThrow(
        'malformed Tessera-Signature header: expected t=<unix seconds>,v1=<hex hmac>',
      );
    }
  });

  it('refuses a header whose timestamp was changed after signing (the HMAC covers t)', () => {
    const v1 = signWebhook(secret, body, t).split('v1=')[1]!;
    expect(() => verifyWebhookSignature({ header: `t=${t + 1},v1=${v1}`, rawBody: body, secret, now: new Date(now.getTime() + 1000) })).toThrow(
      'Tessera-Signature does not match the body',
    );
  });

  it('refuses an HMAC of the body alone, or made with another secret', () => {
    const ofBodyOnly = `t=${t},v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
    expect(() => verifyWebhookSignature({ header: ofBodyOnly, rawBody: body, secret, now })).toThrow(/does not match/);
    expect(() => verifyWebhookSignature({ header: signWebhook('another secret', body, t), rawBody: body, secret, now })).toThrow(/does not match/);
  });

  it.each([
    ['a 63-digit HMAC', (v1: string) => `t=${t},v1=${v1.slice(1)}`],
    ['a 65-digit HMAC', (v1: string) => `t=${t},v1=${v1}0`],
    ['a non-hex HMAC', (v1: string) => `t=${t},v1=${v1.slice(1)}g`],
    ['an empty v1', () => `t=${t},v1=`],
    ['a 13-digit timestamp', (v1: string) => `t=${'1'.repeat(13)},v1=${v1}`],
    ['a negative timestamp', (v1: string) => `t=-${t},v1=${v1}`],
    ['a fractional timestamp', (v1: string) => `t=${t}.5,v1=${v1}`],
    ['text around the timestamp', (v1: string) => `t=x${t},v1=${v1}`],
    ['two timestamps, even with a valid HMAC', (v1: string) => `t=${t},t=${t},v1=${v1}`],
  ])('refuses %s as malformed', (_what, header) => {
    const v1 = signWebhook(secret, body, t).split('v1=')[1]!;
    expect(() => verifyWebhookSignature({ header: header(v1), rawBody: body, secret, now })).toThrow(/^malformed Tessera-Signature header/);
  });

  it('names the header when it is missing', () => {
    expect(() => verifyWebhookSignature({ header: undefined, rawBody: body, secret, now })).toThrow('missing Tessera-Signature header');
  });
});
