import { describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '@tessera/core';
import { awsConfig } from '../../test/support/aws-config.ts';
import { lambdaContext } from '../../test/support/lambda.ts';
import { createHandler as createVerifyHandler } from '../verify/handler.ts';
import { clientKeyOf, clientOf, viewerAddressOf } from './client-address.ts';
import { createDependencies } from './dependencies.ts';
import type { HttpRequest } from './http.ts';
import { createRateLimits } from './rate-limit.ts';

const EDGE = '130.176.1.10'; // a CloudFront edge: what API Gateway sees as sourceIp behind CloudFront
const request = (headers: Record<string, string>, sourceIp = EDGE) =>
  ({ httpMethod: 'POST', path: '/verify', headers, requestContext: { identity: { sourceIp } } }) as unknown as HttpRequest;
const throughCloudFront = (viewer: string) => request({ [ORIGIN_VERIFY_HEADER]: 'the-secret', [VIEWER_ADDRESS_HEADER]: viewer });

describe('viewerAddressOf: the address in CloudFront-Viewer-Address', () => {
  it.each([
    ['198.51.100.10:46532', '198.51.100.10'],
    ['2001:db8::1:46532', '2001:db8::1'], // CloudFront's form: no brackets, the port after the last colon
    ['[2001:db8::1]:46532', '2001:db8::1'],
    [' 203.0.113.7:443 ', '203.0.113.7'],
  ])('reads %s as %s', (value, address) => {
    expect(viewerAddressOf(value)).toBe(address);
  });

  it.each(['', '198.51.100.10', 'not-an-address:80', '[198.51.100.10]:80', '[2001:db8::1]', '999.1.1.1:80', '198.51.100.10:port', '198.51.100.10:80, 10.0.0.1:80'])(
    'refuses %j',
    (value) => {
      expect(viewerAddressOf(value)).toBeUndefined();
    },
  );
});

describe('clientKeyOf: one bucket per IPv4 address and per IPv6 /64', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(clientKeyOf('198.51.100.10')).toBe('198.51.100.10');
  });

  it('keys every address of one IPv6 /64 alike, and another /64 apart', () => {
    // Act
    const keys = ['2001:db8:0:1::1', '2001:DB8:0:1:ffff:ffff:ffff:ffff', '2001:db8:0:1:a:b:c:d%eth0'].map(clientKeyOf);

    // Assess
    expect(new Set(keys)).toEqual(new Set(['2001:db8:0:1::/64']));
    expect(clientKeyOf('2001:db8:0:2::1')).toBe('2001:db8:0:2::/64');
    expect(clientKeyOf('::1')).toBe('0:0:0:0::/64');
  });

  it('reads an IPv4-mapped IPv6 address (a dual-stack socket) as its IPv4 address', () => {
    expect(clientKeyOf('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientKeyOf('::ffff:c000:201')).toBe('192.0.2.1');
  });
});

describe('clientOf: who a rate limit counts', () => {
  it('behind CloudFront, counts the viewer, not the edge every viewer shares', () => {
    // Act
    const first = clientOf(throughCloudFront('198.51.100.10:46532'), 'cloudfront');
    const second = clientOf(throughCloudFront('203.0.113.7:51000'), 'cloudfront');
    const ipv6 = clientOf(throughCloudFront('2001:db8:0:1::7:443'), 'cloudfront');

    // Assess
    expect([first, second, ipv6]).toEqual(['198.51.100.10', '203.0.113.7', '2001:db8:0:1::/64']);
  });

  it('ignores a viewer address on a request without the origin-verify header: only CloudFront sets both', () => {
    // Prepare: a caller writing the header itself, on a path that did not pass through CloudFront
    const spoofed = request({ [VIEWER_ADDRESS_HEADER]: '198.51.100.99:1234' }, '192.0.2.50');

    // Act
    const client = clientOf(spoofed, 'cloudfront');

    // Assess
    expect(client).toBe('192.0.2.50');
  });

  it('falls back to the connecting address when the viewer address is missing or unreadable', () => {
    expect(clientOf(request({ [ORIGIN_VERIFY_HEADER]: 'the-secret' }), 'cloudfront')).toBe(EDGE);
    expect(clientOf(throughCloudFront('garbage'), 'cloudfront')).toBe(EDGE);
  });

  it('locally (connection) counts the socket address and ignores both headers, which anyone can write there', () => {
    // Act
    const client = clientOf(request({ [ORIGIN_VERIFY_HEADER]: 'guess', [VIEWER_ADDRESS_HEADER]: '198.51.100.99:1234' }, '127.0.0.1'), 'connection');

    // Assess
    expect(client).toBe('127.0.0.1');
  });

  it('reads header names in any case, as HTTP does', () => {
    const lowerCase = request({ [ORIGIN_VERIFY_HEADER.toUpperCase()]: 's', [VIEWER_ADDRESS_HEADER.toLowerCase()]: '198.51.100.10:1' });
    expect(clientOf(lowerCase, 'cloudfront')).toBe('198.51.100.10');
  });

  it('says unknown when there is no usable connecting address', () => {
    expect(clientOf(request({}, ''), 'connection')).toBe('unknown');
  });
});

describe('per-client rate limits behind CloudFront, through the real handlers', () => {
  // One request a minute per client; the empty bodies are refused (400) after the rate limit, so no
  // storage is needed to see who was counted. The webhook's case: test/integration/webhook-clients.test.ts.
  const dependenciesFor = (clientAddress: 'cloudfront' | 'connection') =>
    createDependencies(awsConfig({ TESSERA_CLIENT_ADDRESS: clientAddress }), { rateLimits: createRateLimits({ verifyPerMinute: 1, webhookPerMinute: 1 }) });

  it('gives two viewers behind one edge a bucket each on /verify, and limits each', async () => {
    // Prepare
    const deps = dependenciesFor('cloudfront');
    const verify = createVerifyHandler(() => deps);

    // Act
    const statuses = [];
    for (const viewer of ['198.51.100.10:1000', '203.0.113.7:2000', '198.51.100.10:1001']) {
      statuses.push((await verify(throughCloudFront(viewer), lambdaContext())).statusCode);
    }

    // Assess: the first two are counted apart (and read as bad bodies); the first viewer's second is limited
    expect(statuses).toEqual([400, 400, 429]);
  });

  it('counts everyone behind the edge as one client when the deployment is not told it is behind CloudFront', async () => {
    // Prepare
    const deps = dependenciesFor('connection');
    const verify = createVerifyHandler(() => deps);

    // Act
    const first = await verify(throughCloudFront('198.51.100.10:1000'), lambdaContext());
    const second = await verify(throughCloudFront('203.0.113.7:2000'), lambdaContext());

    // Assess
    expect([first.statusCode, second.statusCode]).toEqual([400, 429]);
  });
});
