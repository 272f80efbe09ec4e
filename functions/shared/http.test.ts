import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { UnauthorizedError, UnsupportedMediaTypeError } from '@tessera/core';
import { httpHandler, type HttpRequest } from './http.ts';
import { TooManyRequestsError, createTokenBucketLimiter } from './rate-limit.ts';

const context = { awsRequestId: 'req-1', functionName: 'test' } as Context;
const event = (headers: Record<string, string> = {}) =>
  ({ httpMethod: 'GET', path: '/x', headers, requestContext: { identity: { sourceIp: '192.0.2.1' } } }) as unknown as HttpRequest;

describe('httpHandler: security headers on every response', () => {
  it('adds nosniff and Referrer-Policy to a response built by hand, keeping its own headers', async () => {
    // Prepare
    const handler = httpHandler(async () => ({ statusCode: 200, headers: { 'Content-Type': 'text/plain', 'Referrer-Policy': 'same-origin' }, body: 'ok' }));

    // Act
    const response = await handler(event(), context);

    // Assess
    expect(response.headers).toEqual({ 'Content-Type': 'text/plain', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin' });
  });

  it('adds HSTS over https only', async () => {
    // Prepare
    const handler = httpHandler(async () => ({ statusCode: 204, body: '' }));

    // Act
    const overHttps = await handler(event({ 'X-Forwarded-Proto': 'https' }), context);
    const overHttp = await handler(event(), context);

    // Assess
    expect(overHttps.headers?.['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(overHttp.headers?.['Strict-Transport-Security']).toBeUndefined();
  });

  it('adds them to error answers too', async () => {
    const response = await httpHandler(async () => {
      throw new UnauthorizedError('no');
    })(event({ 'x-forwarded-proto': 'https' }), context);
    expect(response.statusCode).toBe(401);
    expect(response.headers).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'Strict-Transport-Security': expect.any(String) });
  });

  it('answers TooManyRequestsError with 429 and Retry-After', async () => {
    const response = await httpHandler(async () => {
      throw new TooManyRequestsError('slow down', 7);
    })(event(), context);
    expect(response.statusCode).toBe(429);
    expect(response.headers?.['Retry-After']).toBe('7');
    expect(JSON.parse(response.body)).toEqual({ error: 'too_many_requests', message: 'slow down' });
  });

  it('answers UnsupportedMediaTypeError with 415 and its message (Caliper: a body not declared JSON)', async () => {
    const response = await httpHandler(async () => {
      throw new UnsupportedMediaTypeError('a Caliper envelope is JSON');
    })(event(), context);
    expect(response.statusCode).toBe(415);
    expect(JSON.parse(response.body)).toEqual({ error: 'unsupported_media_type', message: 'a Caliper envelope is JSON' });
  });
});

describe('token bucket rate limiter', () => {
  const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);

  it('allows perMinute requests at once, then one per 60/perMinute seconds', () => {
    // Prepare
    const limiter = createTokenBucketLimiter({ perMinute: 6 });

    // Act
    const burst = Array.from({ length: 7 }, () => limiter.take(['client:a'], at(0)));
    const afterNine = limiter.take(['client:a'], at(9));
    const afterTen = limiter.take(['client:a'], at(10));

    // Assess
    expect(burst.map((o) => o.allowed)).toEqual([true, true, true, true, true, true, false]);
    expect(burst[6]).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(afterNine.allowed).toBe(false);
    expect(afterTen.allowed).toBe(true);
  });

  it('takes from every key or from none', () => {
    const limiter = createTokenBucketLimiter({ perMinute: 1 });
    expect(limiter.take(['source:s', 'client:a'], at(0)).allowed).toBe(true);
    expect(limiter.take(['source:t', 'client:a'], at(0)).allowed).toBe(false);
    // source:t was not charged by the refused request
    expect(limiter.take(['source:t', 'client:b'], at(0)).allowed).toBe(true);
  });

  it('keeps at most maxKeys buckets, and is off at 0 a minute', () => {
    const limiter = createTokenBucketLimiter({ perMinute: 1, maxKeys: 2 });
    for (const key of ['a', 'b', 'c']) limiter.take([key], at(0));
    // 'a' was forgotten, so it starts with a full bucket again
    expect(limiter.take(['a'], at(0)).allowed).toBe(true);
    const off = createTokenBucketLimiter({ perMinute: 0 });
    expect(Array.from({ length: 100 }, () => off.take(['x'], at(0)).allowed).every(Boolean)).toBe(true);
  });
});
