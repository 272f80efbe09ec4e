// The one public origin: CloudFront serves the signed artefacts from S3 (origin access control)
// and forwards the API paths to API Gateway, so review links, webhooks, verification and the
// issuer's did:web document all live under https://<public domain>.
import {
  Annotations,
  Duration,
  Stack,
  Validations,
  aws_apigateway as apigw,
  aws_certificatemanager as acm,
  aws_cloudfront as cloudfront,
  aws_cloudfront_origins as origins,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BADGE_PAGE_CSP, PUBLIC_PREFIX, STATUS_LIST_MAX_AGE_SECONDS, VIEWER_ADDRESS_HEADER, publicPaths } from '@tessera/core';
import { LANGUAGE_COOKIE } from '@tessera/i18n';
import { SIGNATURE_HEADER } from '../../../functions/webhook-intake/signature.ts';
import { EARNER_SESSION_COOKIE } from '../../../functions/shared/cookies.ts';

/** The API paths CloudFront forwards to API Gateway (every route in API_ROUTES lives under one). */
export const API_PATH_PATTERNS = ['/webhooks/*', '/review/*', '/verify', '/admin/*', '/me', '/me/*'] as const;

/** The earner's own page: the only API paths that receive cookies (its session, the language choice). */
export const EARNER_PATH_PATTERNS = ['/me', '/me/*'] as const;
export const EARNER_COOKIES = [EARNER_SESSION_COOKIE, LANGUAGE_COOKIE] as const;

/** The console's pages (functions/console): API routes too, but they need their cookies and the reader's language. */
export const CONSOLE_PATH_PATTERNS = ['/console', '/console/*'] as const;
/** The cookies the console reads: its session, its pre-sign-in form token, the Cognito sign-in's PKCE state, the language choice. */
export const CONSOLE_COOKIES = ['tessera_console', 'tessera_console_form', 'tessera_console_pkce', 'lang'] as const;

/**
 * The viewer headers CloudFront passes to the API: what the functions read (Content-Type tells
 * /verify a baked PNG from JSON; the webhook signature) and User-Agent for the API's logs.
 * Authorization reaches the origin through the cache policy (an origin request policy may not
 * name it); API Gateway sets X-Forwarded-Proto itself. Host must not pass: API Gateway routes by
 * its own name. A header a function starts reading must be added here (test/infra/public-site.test.ts
 * checks the functions' header reads against this list).
 */
/** Accept: the summary report answers CSV when asked (functions/catalogue/reports.ts). */
/** Accept-Language: the earner's page follows the reader's language. */
export const API_VIEWER_HEADERS = ['Content-Type', 'Accept', 'Accept-Language', SIGNATURE_HEADER, 'User-Agent'] as const;

/** How stale a status list may be anywhere (STATUS_LIST_MAX_AGE_SECONDS in @tessera/core). */
export const STATUS_LIST_MAX_AGE = Duration.seconds(STATUS_LIST_MAX_AGE_SECONDS);

/** Signed JSON (credentials, status lists, did.json, achievements): nothing to run, load or frame. */
export const ARTEFACT_CSP = "default-src 'none'; frame-ancestors 'none'";
/** Badge SVGs draw with inline styles only: no script, no fetches, no fonts or images from anywhere. */
export const BADGE_IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

export interface PublicSiteProps {
  /** The bucket the release step publishes to. */
  readonly bucket: s3.IBucket;
  /** The REST API behind the API paths. */
  readonly api: apigw.IRestApi;
  /** The API stage (CloudFront adds it as the origin path). */
  readonly apiStageName: string;
  /** The header CloudFront adds to every API request, which the API's WAF requires (OriginVerify). */
  readonly originVerify: { readonly headerName: string; readonly headerValue: string };
  /**
   * A custom domain and its ACM certificate (us-east-1).
   * @default - the distribution's *.cloudfront.net name
   */
  readonly domain?: { readonly domainName: string; readonly certificateArn: string };
  /**
   * A WAFv2 web ACL (scope CLOUDFRONT) to attach.
   * @default - none
   */
  readonly webAclArn?: string;
  /**
   * Edge locations to pay for.
   * @default cloudfront.PriceClass.PRICE_CLASS_100
   */
  readonly priceClass?: cloudfront.PriceClass;
}

export class PublicSite extends Construct {
  public readonly distribution: cloudfront.Distribution;
  /** https://<domain>, without a trailing slash: TESSERA_PUBLIC_BASE_URL. */
  public readonly baseUrl: string;
  /** The host name: the issuer is did:web:<domainName>. */
  public readonly domainName: string;

  constructor(scope: Construct, id: string, props: PublicSiteProps) {
    super(scope, id);
    if (props.domain && !/^arn:aws[a-z-]*:acm:us-east-1:/.test(props.domain.certificateArn)) {
      throw new Error(`PublicSite certificate ${props.domain.certificateArn} must be in us-east-1: CloudFront reads certificates only from there`);
    }

    // The bucket is referenced by name only: letting CDK add the OAC grant to its policy would make
    // the stateful stack depend on this distribution. ArtefactBuckets grants CloudFront instead.
    const bucket = s3.Bucket.fromBucketAttributes(this, 'Bucket', {
      bucketArn: props.bucket.bucketArn,
      bucketRegionalDomainName: props.bucket.bucketRegionalDomainName,
    });
    const s3Origin = origins.S3BucketOrigin.withOriginAccessControl(bucket);
    // The API's own hostname, built from its id so the distribution does not depend on the API's
    // deployment (whose methods depend on the functions, whose environment names this distribution).
    const stack = Stack.of(this);
    const apiOrigin = new origins.HttpOrigin(`${props.api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
      originPath: `/${props.apiStageName}`,
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      customHeaders: { [props.originVerify.headerName]: props.originVerify.headerValue },
    });

    const artefactCors: cloudfront.ResponseHeadersCorsBehavior = {
      accessControlAllowOrigins: ['*'],
      accessControlAllowMethods: ['GET', 'HEAD'],
      accessControlAllowHeaders: ['*'],
      accessControlAllowCredentials: false,
      originOverride: true,
    };
    const artefactSecurity: cloudfront.ResponseSecurityHeadersBehavior = {
      contentTypeOptions: { override: true },
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: false, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      // JSON needs nothing a browser could run or embed; if one is opened as a page, it loads nothing.
      contentSecurityPolicy: { contentSecurityPolicy: ARTEFACT_CSP, override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
    };
    const artefactHeaders = new cloudfront.ResponseHeadersPolicy(this, 'ArtefactHeaders', {
      comment: 'Public artefacts: readable cross-origin (browser wallets and verifiers fetch did.json and credentials)',
      corsBehavior: artefactCors,
      securityHeadersBehavior: artefactSecurity,
    });
    // Status lists: the same headers, and Cache-Control capped for viewers too. The publisher stores
    // them with the same max-age (packages/adapters cache-control.ts); lists published before it did
    // carry five minutes, which a verifier's HTTP cache would otherwise honour.
    const statusListHeaders = new cloudfront.ResponseHeadersPolicy(this, 'StatusListHeaders', {
      comment: 'Status lists: readable cross-origin, cached by viewers for STATUS_LIST_MAX_AGE at most',
      corsBehavior: artefactCors,
      securityHeadersBehavior: artefactSecurity,
      customHeadersBehavior: {
        customHeaders: [{ header: 'Cache-Control', value: `public, max-age=${STATUS_LIST_MAX_AGE.toSeconds()}`, override: true }],
      },
    });
    // Badge images (baked credentials' SVGs, achievement images): an SVG opened directly is a
    // document that could run script; this CSP lets it draw (inline styles) and nothing else.
    const imageHeaders = new cloudfront.ResponseHeadersPolicy(this, 'BadgeImageHeaders', {
      comment: 'Badge SVG/PNG: no script, no loads, inline styles only; readable cross-origin',
      corsBehavior: artefactCors,
      securityHeadersBehavior: { ...artefactSecurity, contentSecurityPolicy: { contentSecurityPolicy: BADGE_IMAGE_CSP, override: true } },
    });
    // Badge pages (badges/{id}, text/html as published): a page for people, which runs its own
    // origin's script (verify on open) and POSTs to /verify; framed by nobody, readable by anyone.
    const badgePageHeaders = new cloudfront.ResponseHeadersPolicy(this, 'BadgePageHeaders', {
      comment: 'Badge pages: own-origin script and fetches only (BADGE_PAGE_CSP)',
      securityHeadersBehavior: { ...artefactSecurity, contentSecurityPolicy: { contentSecurityPolicy: BADGE_PAGE_CSP, override: true } },
    });
    // The API sets its own headers (CSP, no-store, no-referrer): kept (override false) where the
    // function set them; HSTS and nosniff are always added, and the rest fill in where missing.
    const apiHeaders = new cloudfront.ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: "API responses: keep the function's own headers, add HSTS and nosniff, frame-ancestors none where unset",
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: false, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: false },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: false },
        contentSecurityPolicy: { contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'", override: false },
      },
    });

    // Signed credentials and their baked images never change under their path: a year at the edge.
    const immutable = new cloudfront.CachePolicy(this, 'Immutable', {
      comment: 'Immutable artefacts (signed credentials, baked badge images)',
      minTtl: Duration.days(1),
      defaultTtl: Duration.days(365),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    // did.json and achievement definitions change on key rotation or edits: five minutes at most.
    const shortLived = new cloudfront.CachePolicy(this, 'ShortLived', {
      comment: 'Mutable artefacts (did.json, achievements)',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.minutes(5),
      maxTtl: Duration.minutes(5),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    // Status lists change with every revocation or suspension: see STATUS_LIST_MAX_AGE.
    const statusLists = new cloudfront.CachePolicy(this, 'StatusLists', {
      comment: 'Status lists (revocation, suspension): short-lived',
      minTtl: Duration.seconds(0),
      defaultTtl: STATUS_LIST_MAX_AGE,
      maxTtl: STATUS_LIST_MAX_AGE,
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    // Nothing from the API is cached (its responses say no-store). Authorization must be part of
    // the cache key to reach the origin at all (an origin request policy may not forward it), and
    // a key with headers needs a non-zero max TTL: 1 s, never used because responses are no-store.
    const apiPassThrough = new cloudfront.CachePolicy(this, 'ApiPassThrough', {
      comment: 'API: no caching; Authorization forwarded for the Cognito authorizer',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    });

    // What reaches the API: the viewer headers it reads and, added by CloudFront itself, the viewer's
    // address (CloudFront-Viewer-Address), which per-client rate limits count instead of the edge's
    // (functions/shared/client-address.ts). A managed policy cannot do both: AllViewerExceptHostHeader
    // forwards no CloudFront headers, and the policies that add them forward Host too.
    const apiRequests = new cloudfront.OriginRequestPolicy(this, 'ApiRequests', {
      comment: 'API: the viewer headers the functions read, the query, and the viewer address for per-client rate limits',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...API_VIEWER_HEADERS, VIEWER_ADDRESS_HEADER),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });

    // The console's pages: the same, plus the console's own cookies (and no other).
    const consoleRequests = new cloudfront.OriginRequestPolicy(this, 'ConsoleRequests', {
      comment: 'Console: as the API, plus its own cookies',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...API_VIEWER_HEADERS, VIEWER_ADDRESS_HEADER),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.allowList(...CONSOLE_COOKIES),
    });

    // The same, plus the earner page's two cookies (nothing else of the viewer's cookies reaches the API).
    const earnerRequests = new cloudfront.OriginRequestPolicy(this, 'EarnerRequests', {
      comment: "The earner's page: as the API, plus its session and language cookies",
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...API_VIEWER_HEADERS, VIEWER_ADDRESS_HEADER),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.allowList(...EARNER_COOKIES),
    });

    const artefact = (cachePolicy: cloudfront.ICachePolicy, responseHeadersPolicy = artefactHeaders): cloudfront.BehaviorOptions => ({
      origin: s3Origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy,
      responseHeadersPolicy,
      compress: true,
    });
    const api: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY, // a POST redirected to HTTPS would lose its body
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: apiPassThrough,
      // CloudFront sets no body limit of its own: API Gateway's 10 MB and Lambda's 6 MB event (a PNG
      // travels base64-encoded: about 4.4 MB of image) are the limits.
      originRequestPolicy: apiRequests,
      responseHeadersPolicy: apiHeaders,
      compress: true,
    };

    const credentialPattern = `/${publicPaths.credential('*')}`.replace(/\*\.json$/, '*');
    const achievementPattern = `/${publicPaths.achievement('x')}`.replace(/x\.json$/, '*');
    const image = (pattern: string) => pattern.replace(/\*$/, '*.svg');
    const statusListPattern = `/${publicPaths.statusList('x', 'revocation', 1).split('/')[0]}/*`;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Tessera public origin: credentials, status lists, did.json, review pages, webhooks, verify, admin API, console',
      defaultBehavior: artefact(shortLived),
      additionalBehaviors: {
        // More specific first: CloudFront matches behaviors in order.
        [image(credentialPattern)]: artefact(immutable, imageHeaders),
        [image(achievementPattern)]: artefact(shortLived, imageHeaders),
        [credentialPattern]: artefact(immutable),
        [`/${publicPaths.didDocument()}`]: artefact(shortLived),
        [achievementPattern]: artefact(shortLived),
        [statusListPattern]: artefact(statusLists, statusListHeaders),
        // Rewritten on a status or visibility change: five minutes at most.
        [`/${PUBLIC_PREFIX.badges}*`]: artefact(shortLived, badgePageHeaders),
        ...Object.fromEntries(
          API_PATH_PATTERNS.map((pattern) => [pattern, (EARNER_PATH_PATTERNS as readonly string[]).includes(pattern) ? { ...api, originRequestPolicy: earnerRequests } : api]),
        ),
        ...Object.fromEntries(CONSOLE_PATH_PATTERNS.map((pattern) => [pattern, { ...api, originRequestPolicy: consoleRequests }])),
      },
      domainNames: props.domain ? [props.domain.domainName] : undefined,
      certificate: props.domain ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn) : undefined,
      minimumProtocolVersion: props.domain ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_100,
      webAclId: props.webAclArn,
      // Standard (legacy) logs record every URI, /review/<secret> included, and cannot leave it out.
      enableLogging: false,
    });

    Annotations.of(this).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
      'ArtefactBuckets grants cloudfront.amazonaws.com read for distributions of this account',
    );

    this.domainName = props.domain?.domainName ?? this.distribution.distributionDomainName;
    this.baseUrl = `https://${this.domainName}`;

    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        "Standard logging would record /review/<secret> (a reviewer's capability) in every URI; API requests are logged by API Gateway by route template, CloudFront's fetches of artefacts by S3 server access logs (edge cache hits go unlogged). Edge logs with chosen fields (v2 logging) are set up in us-east-1: docs/DEPLOY.md.",
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: "Credentials are verified by employers and institutions worldwide; restricting countries would break verification of a learner's badge abroad.",
    });
    if (!props.webAclArn) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'WAF is optional (config webAclArn, a CLOUDFRONT-scope web ACL from us-east-1; about $6/month and up): API Gateway throttling, webhook signatures and single-use review secrets already bound abuse.',
      });
    }
    if (!props.domain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves its *.cloudfront.net certificate, whose security policy (TLSv1) cannot be changed; configure publicDomain to get TLSv1.2_2021.',
      });
    }
  }
}
