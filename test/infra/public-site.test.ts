// PublicSite: one origin for artefacts and API, with the cache rule each artefact needs.
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../functions/catalog.ts';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { API_PATH_PATTERNS, CONSOLE_COOKIES, CONSOLE_PATH_PATTERNS } from '../../infra/lib/constructs/public-site.ts';
import { cacheControlFor } from '@tessera/adapters';
import { BADGE_PAGE_CSP, ENV, ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER, publicPaths } from '@tessera/core';
import { SIGNATURE_HEADER } from '../../functions/webhook-intake/signature.ts';
import { exampleConfig, resourcesOf, synthStage } from './support.ts';

let app: ReturnType<typeof synthStage>['app'];
beforeAll(() => {
  ({ app } = synthStage());
});

const distribution = () => Object.values(resourcesOf(app, 'AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
const cachePolicy = (ref: { Ref: string }) => resourcesOf(app, 'AWS::CloudFront::CachePolicy')[ref.Ref]!.Properties.CachePolicyConfig;
const behavior = (pattern: string) => {
  const found = distribution().CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === pattern);
  expect(found, pattern).toBeDefined();
  return found;
};
const originOf = (originId: string) => distribution().Origins.find((o: { Id: string }) => o.Id === originId);
const originRequestPolicy = (ref: { Ref: string }) => resourcesOf(app, 'AWS::CloudFront::OriginRequestPolicy')[ref.Ref]!.Properties.OriginRequestPolicyConfig;

describe('PublicSite artefacts', () => {
  it('caches signed credentials for a year at the edge (they never change under their path)', () => {
    // Act
    const policy = cachePolicy(behavior('/credentials/*').CachePolicyId);

    // Assess
    expect(policy).toMatchObject({ DefaultTTL: 31_536_000, MaxTTL: 31_536_000, MinTTL: 86_400 });
  });

  it.each(['/.well-known/did.json', '/achievements/*'])('caches %s for five minutes at most (key rotation and edits show quickly)', (pattern) => {
    // Act
    const policy = cachePolicy(behavior(pattern).CachePolicyId);

    // Assess
    expect(policy).toMatchObject({ DefaultTTL: 300, MaxTTL: 300, MinTTL: 0 });
  });

  it('caches status lists for 60 s at most, at the edge and in viewers (a revocation shows within a minute)', () => {
    // Prepare
    const b = behavior('/status/*');

    // Act
    const policy = cachePolicy(b.CachePolicyId);
    const headers = resourcesOf(app, 'AWS::CloudFront::ResponseHeadersPolicy')[b.ResponseHeadersPolicyId.Ref]!.Properties.ResponseHeadersPolicyConfig;

    // Assess: the edge never keeps a list longer, and the publisher's longer max-age is replaced.
    expect(policy).toMatchObject({ DefaultTTL: 60, MaxTTL: 60, MinTTL: 0 });
    expect(headers.CustomHeadersConfig.Items).toEqual([{ Header: 'Cache-Control', Value: 'public, max-age=60', Override: true }]);
    expect(headers.CorsConfig).toMatchObject({ AccessControlAllowOrigins: { Items: ['*'] }, OriginOverride: true });
    expect(originOf(b.TargetOriginId).S3OriginConfig).toBeDefined();
    expect(b.AllowedMethods).toEqual(['GET', 'HEAD']);
  });

  it('serves baked badge images like their credentials (immutable), SVGs with a CSP that runs and loads nothing', () => {
    // Act
    const behaviors = distribution().CacheBehaviors as Array<{ PathPattern: string; CachePolicyId: unknown; ResponseHeadersPolicyId: { Ref: string } }>;
    const byPattern = (pattern: string) => behaviors.find((b) => b.PathPattern === pattern)!;
    const policy = (b: { ResponseHeadersPolicyId: { Ref: string } }) =>
      resourcesOf(app, 'AWS::CloudFront::ResponseHeadersPolicy')[b.ResponseHeadersPolicyId.Ref]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;

    // Assess: the SVG behaviors come before the broader ones (CloudFront takes the first match).
    const patterns = behaviors.map((b) => b.PathPattern);
    expect(patterns.indexOf('/credentials/*.svg')).toBeLessThan(patterns.indexOf('/credentials/*'));
    expect(patterns.indexOf('/achievements/*.svg')).toBeLessThan(patterns.indexOf('/achievements/*'));
    expect(byPattern('/credentials/*.svg').CachePolicyId).toEqual(byPattern('/credentials/*').CachePolicyId);
    for (const pattern of ['/credentials/*.svg', '/achievements/*.svg']) {
      const headers = policy(byPattern(pattern));
      expect(headers.ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'", Override: true });
      expect(headers.ContentTypeOptions).toEqual({ Override: true });
    }
    expect(patterns.filter((p) => p.endsWith('.png'))).toEqual([]);
  });

  it('serves badge pages (badges/{id}) from the bucket, briefly cached, with a CSP that lets them run only their own script and POST to /verify', () => {
    // Act
    const page = behavior(`/${publicPaths.badgePage('*')}`);
    const headers = resourcesOf(app, 'AWS::CloudFront::ResponseHeadersPolicy')[page.ResponseHeadersPolicyId.Ref]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;

    // Assess: from S3 like the other artefacts (the Content-Type is the object's own: text/html on publish).
    expect(originOf(page.TargetOriginId).S3OriginConfig).toBeDefined();
    expect(cachePolicy(page.CachePolicyId).DefaultTTL).toBe(300);
    expect(headers.ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: BADGE_PAGE_CSP, Override: true });
    expect(BADGE_PAGE_CSP).toContain("script-src 'self'");
    expect(BADGE_PAGE_CSP).not.toContain("unsafe-inline'; script");
    // Its script is a file of the same origin (the default behavior: S3, short-lived).
    expect(distribution().CacheBehaviors.some((b: { PathPattern: string }) => b.PathPattern.startsWith('/assets'))).toBe(false);
  });

  it('adds HSTS and nosniff to every response, and frame-ancestors none (kept if the function set its own) ', () => {
    // Act
    const behaviors = [distribution().DefaultCacheBehavior, ...distribution().CacheBehaviors] as Array<{ PathPattern?: string; ResponseHeadersPolicyId: { Ref: string } }>;

    // Assess
    for (const behavior of behaviors) {
      const headers = resourcesOf(app, 'AWS::CloudFront::ResponseHeadersPolicy')[behavior.ResponseHeadersPolicyId.Ref]!.Properties.ResponseHeadersPolicyConfig
        .SecurityHeadersConfig;
      expect(headers.StrictTransportSecurity, behavior.PathPattern).toMatchObject({ AccessControlMaxAgeSec: 31_536_000, Override: true });
      expect(headers.ContentTypeOptions, behavior.PathPattern).toEqual({ Override: true });
      expect(headers.FrameOptions, behavior.PathPattern).toMatchObject({ FrameOption: 'DENY' });
      expect(headers.ContentSecurityPolicy.ContentSecurityPolicy, behavior.PathPattern).toContain("frame-ancestors 'none'");
      expect(headers.ReferrerPolicy, behavior.PathPattern).toMatchObject({ ReferrerPolicy: 'no-referrer' });
    }
  });

  it('serves a VC-JWT (credentials/{id}.jwt) like its JSON: the immutable behavior, its Content-Type passed through', () => {
    // Prepare: CloudFront takes the first behavior, in order, whose pattern matches the path.
    const path = `/${publicPaths.credentialJwt('8d0c4f8e-2b1a-4c3d-9e8f-7a6b5c4d3e2f')}`;
    const glob = (pattern: string) =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      );

    // Act
    const first = distribution().CacheBehaviors.find((b: { PathPattern: string }) => glob(b.PathPattern).test(path));
    const headers = resourcesOf(app, 'AWS::CloudFront::ResponseHeadersPolicy')[first.ResponseHeadersPolicyId.Ref]!.Properties.ResponseHeadersPolicyConfig;

    // Assess: a year at the edge, as the publisher's Cache-Control says; nothing at the edge sets,
    // removes or rewrites Content-Type, so S3's application/vc+jwt (set at publish) reaches the viewer.
    expect(first.PathPattern).toBe('/credentials/*');
    expect(first).toEqual(behavior('/credentials/*'));
    expect(cachePolicy(first.CachePolicyId)).toMatchObject({ DefaultTTL: 31_536_000, MaxTTL: 31_536_000 });
    expect(cacheControlFor(true)).toContain('immutable');
    expect(headers.CustomHeadersConfig).toBeUndefined();
    expect(headers.RemoveHeadersConfig).toBeUndefined();
    expect(first.FunctionAssociations ?? []).toEqual([]);
    expect(first.LambdaFunctionAssociations ?? []).toEqual([]);
  });

  it('reads the bucket through origin access control, over HTTPS only', () => {
    // Act
    const s3Origin = originOf(behavior('/credentials/*').TargetOriginId);

    // Assess
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(behavior('/credentials/*').ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(behavior('/credentials/*').AllowedMethods).toEqual(['GET', 'HEAD']);
  });
});

describe('PublicSite API paths', () => {
  it('covers every API route with one of its API path patterns', () => {
    // Act
    const uncovered = API_ROUTES.filter(
      (route) => ![...API_PATH_PATTERNS, ...CONSOLE_PATH_PATTERNS].some((p) => (p.endsWith('/*') ? route.path.startsWith(p.slice(0, -1)) : route.path === p)),
    );

    // Assess
    expect(uncovered).toEqual([]);
  });

  it.each(API_PATH_PATTERNS)('sends %s to API Gateway uncached, all methods, HTTPS only, without the viewer Host', (pattern) => {
    // Act
    const b = behavior(pattern);
    const origin = originOf(b.TargetOriginId);
    const policy = cachePolicy(b.CachePolicyId);

    // Assess
    expect(JSON.stringify(origin.DomainName)).toContain('.execute-api.');
    expect(origin.OriginPath).toBe('/api');
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(b.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']);
    expect(b.ViewerProtocolPolicy).toBe('https-only');
    expect(policy).toMatchObject({ DefaultTTL: 0, MinTTL: 0 });
    expect(policy.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig).toEqual({ HeaderBehavior: 'whitelist', Headers: ['Authorization'] });
    expect(originRequestPolicy(b.OriginRequestPolicyId).HeadersConfig.HeadersConfig ?? []).not.toContain('Host');
  });

  it('serves the /verify page (GET) and checks (POST, JSON or a baked PNG) uncached, with the viewer Content-Type and body', () => {
    // Prepare
    const verifyRoutes = API_ROUTES.filter((r) => r.path === '/verify').map((r) => r.method);

    // Act
    const b = behavior('/verify');

    // Assess: the origin request policy forwards Content-Type; every method passes, bodies included.
    expect(verifyRoutes.sort()).toEqual(['GET', 'POST']);
    expect(originRequestPolicy(b.OriginRequestPolicyId).HeadersConfig.Headers).toContain('Content-Type');
    expect(b.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST']));
    expect(cachePolicy(b.CachePolicyId)).toMatchObject({ DefaultTTL: 0, MinTTL: 0 });
    expect(b.FunctionAssociations ?? []).toEqual([]); // nothing at the edge that could cap or read the body
    expect(b.LambdaFunctionAssociations ?? []).toEqual([]);
  });

  it.each(API_PATH_PATTERNS)('forwards CloudFront-Viewer-Address to the API on %s, for per-client rate limits, and never Host', (pattern) => {
    // Act
    const policy = originRequestPolicy(behavior(pattern).OriginRequestPolicyId);

    // Assess: a whitelist (allowList) is the one header behaviour that can add a CloudFront header without Host
    expect(policy.HeadersConfig.HeaderBehavior).toBe('whitelist');
    expect(policy.HeadersConfig.Headers).toContain(VIEWER_ADDRESS_HEADER);
    expect(policy.HeadersConfig.Headers.map((h: string) => h.toLowerCase())).not.toContain('host');
    expect(policy.QueryStringsConfig).toEqual({ QueryStringBehavior: 'all' });
  });

  it('forwards every request header a function reads (CloudFront drops the others)', () => {
    // Prepare: the names functions pass to header(event, ...), as literals or named constants
    const constants: Record<string, string> = { SIGNATURE_HEADER, ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER };
    const sources = (readdirSync('functions', { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const read = sources.flatMap((file) =>
      [...readFileSync(join('functions', file), 'utf8').matchAll(/\bheader\(\w+, (?:'([^']+)'|(\w+))\)/g)].map(
        ([, literal, name]) => literal ?? constants[name!] ?? `unknown constant ${name}`,
      ),
    );
    // Arrive by other ways: Authorization through the cache policy, X-Forwarded-Proto from API
    // Gateway, the origin-verify header as the origin's custom header.
    // Cookie reaches only the earner's page and the console, through their cookie allow-lists (tested below).
    const otherwise = ['authorization', 'x-forwarded-proto', ORIGIN_VERIFY_HEADER, 'cookie'];

    // Act
    // The console's behaviour forwards what the API's does (tested below).
    const forwarded = [
      ...originRequestPolicy(behavior('/webhooks/*').OriginRequestPolicyId).HeadersConfig.Headers,
      ...originRequestPolicy(behavior('/console/*').OriginRequestPolicyId).HeadersConfig.Headers,
    ].map((h: string) => h.toLowerCase());

    // Assess
    expect(read.map((h) => h.toLowerCase())).toEqual(expect.arrayContaining(['content-type', SIGNATURE_HEADER.toLowerCase(), VIEWER_ADDRESS_HEADER.toLowerCase()]));
    expect([...new Set(read.map((h) => h.toLowerCase()))].filter((h) => !forwarded.includes(h) && !otherwise.includes(h))).toEqual([]);
    expect(JSON.stringify(cachePolicy(behavior('/webhooks/*').CachePolicyId).ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig)).toContain('Authorization');
  });

  it.each(CONSOLE_PATH_PATTERNS)('sends %s to API Gateway uncached with the console cookies (and no other) and Accept-Language', (pattern) => {
    // Act
    const b = behavior(pattern);
    const policy = originRequestPolicy(b.OriginRequestPolicyId);

    // Assess
    expect(JSON.stringify(originOf(b.TargetOriginId).DomainName)).toContain('.execute-api.');
    expect(b.ViewerProtocolPolicy).toBe('https-only');
    expect(cachePolicy(b.CachePolicyId)).toMatchObject({ DefaultTTL: 0, MinTTL: 0 });
    expect(policy.CookiesConfig).toEqual({ CookieBehavior: 'whitelist', Cookies: [...CONSOLE_COOKIES] });
    expect(policy.HeadersConfig.Headers).toEqual(expect.arrayContaining(['Accept-Language', VIEWER_ADDRESS_HEADER]));
    expect(policy.HeadersConfig.Headers.map((h: string) => h.toLowerCase())).not.toContain('host');
  });

  it("forwards the earner page's session and language cookies to /me, and no cookie to the rest of the API", () => {
    for (const pattern of ['/me', '/me/*']) {
      expect(originRequestPolicy(behavior(pattern).OriginRequestPolicyId).CookiesConfig).toEqual({
        CookieBehavior: 'whitelist',
        Cookies: ['tessera_earner', 'lang'],
      });
    }
    expect(originRequestPolicy(behavior('/admin/*').OriginRequestPolicyId).CookiesConfig).toEqual({ CookieBehavior: 'none' });
  });

  it('tells every function to count the viewer address (it trusts it only with the origin-verify header)', () => {
    // Act
    const functions = Object.values(resourcesOf(app, 'AWS::Lambda::Function')).filter((f) => f.Properties.Environment?.Variables?.[ENV.tableName]);

    // Assess
    expect(functions.length).toBeGreaterThan(0);
    expect(functions.map((f) => f.Properties.Environment.Variables[ENV.clientAddress])).toEqual(functions.map(() => 'cloudfront'));
  });

  it('writes no standard logs, which would record /review/<secret> in every URI', () => {
    expect(distribution().Logging).toBeUndefined();
  });
});

describe('PublicSite custom domain', () => {
  it('serves the configured domain with its certificate and TLS 1.2 at least', () => {
    // Prepare
    const certificateArn = 'arn:aws:acm:us-east-1:111122223333:certificate/0b5e7f9a-3c1d-4e2f-8a6b-9c0d1e2f3a4b';

    // Act
    const { app: withDomain } = synthStage(exampleConfig({ publicDomain: { domainName: 'badges.example.edu', certificateArn } }));

    // Assess
    const config = Object.values(resourcesOf(withDomain, 'AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    expect(config.Aliases).toEqual(['badges.example.edu']);
    expect(config.ViewerCertificate).toMatchObject({ AcmCertificateArn: certificateArn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
  });
});
