// The REST API (API Gateway v1, proxy integrations) with its routes taken from API_ROUTES, and the
// Cognito user pool whose groups guard the admin routes. Public routes authenticate differently:
// webhooks by the source's signature, review pages by the secret in the link, verify not at all.
import { Duration, RemovalPolicy, Stack, Validations, aws_apigateway as apigw, aws_cognito as cognito, aws_lambda as lambda, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ADMIN_ROLES, type AdminRole } from '@tessera/core';
import type { ApiRoute } from '../../../functions/catalog.ts';

/**
 * What each request's access log line records. Never the request path or query: /review/<secret>
 * carries a reviewer's capability, so only the route template ($context.resourcePath, e.g.
 * /review/{secret}) is logged. The caller's IP is CloudFront's; the edge sees the viewer's.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integration.error',
  wafResponseCode: '$context.wafResponseCode',
  sourceIp: '$context.identity.sourceIp',
} as const;

/** The groups functions/shared/admin-auth.ts reads from `cognito:groups`: the admin roles. */
export const ADMIN_GROUPS = ADMIN_ROLES;
export type AdminGroup = AdminRole;

/**
 * Request bodies API Gateway hands to the functions base64-encoded (isBase64Encoded) rather than
 * as text: a baked PNG posted to /verify would otherwise be decoded as UTF-8 and lose its bytes.
 * Only PNG: a baked SVG is text, and every JSON body (webhook signatures cover the raw text) stays
 * as it was. Responses are unaffected: the functions send text with isBase64Encoded false.
 */
export const BINARY_MEDIA_TYPES = ['image/png'] as const;

export interface TesseraApiProps {
  /** The REST API's name: one per stage, so metrics (ApiName dimension) and the console keep stages apart. */
  readonly restApiName: string;
  /**
   * Every route the API will serve, for their method-level throttling (each route its own budget,
   * so a flood of one cannot throttle another). addRoute refuses a route not listed here.
   */
  readonly routes: readonly ApiRoute[];
  /**
   * The stage name, which is also the path prefix CloudFront adds in front of every API route.
   * @default 'api'
   */
  readonly stageName?: string;
  /**
   * Steady-state requests per second across all callers, for each method without a route budget.
   * @default 50
   */
  readonly throttleRateLimit?: number;
  /**
   * Requests allowed in a burst above the rate.
   * @default 100
   */
  readonly throttleBurstLimit?: number;
  /**
   * How long access logs are kept.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * People to create in the user pool, by group; each gets an invitation with a temporary password.
   * @default - nobody (add users in the console)
   */
  readonly users?: ReadonlyArray<{ readonly email: string; readonly group: AdminGroup }>;
}

export class TesseraApi extends Construct {
  public readonly restApi: apigw.RestApi;
  public readonly stageName: string;
  public readonly userPool: cognito.UserPool;
  public readonly userPoolClient: cognito.UserPoolClient;
  public readonly authorizer: apigw.CognitoUserPoolsAuthorizer;
  public readonly accessLogs: logs.LogGroup;
  private readonly validator: apigw.RequestValidator;
  private readonly jsonObjectModel: apigw.Model;
  private readonly routes = new Set<string>();
  private readonly declaredRoutes: ReadonlySet<string>;

  constructor(scope: Construct, id: string, props: TesseraApiProps) {
    super(scope, id);
    this.stageName = props.stageName ?? 'api';
    if (!/^[a-zA-Z0-9_]{1,64}$/.test(this.stageName)) throw new Error(`TesseraApi stageName '${this.stageName}' must be 1-64 letters, digits or _`);
    const rate = props.throttleRateLimit ?? 50;
    const burst = props.throttleBurstLimit ?? 100;
    if (!(rate > 0) || !Number.isInteger(burst) || burst < 1) throw new Error(`TesseraApi throttling needs a positive rate and a whole burst of at least 1 (got ${rate}/${burst})`);

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const methodOptions: Record<string, apigw.MethodDeploymentOptions> = {};
    for (const route of props.routes) {
      const { rateLimit, burstLimit } = route.throttle;
      if (!(rateLimit > 0) || !Number.isInteger(burstLimit) || burstLimit < 1)
        throw new Error(`TesseraApi route ${route.method} ${route.path} needs a positive rate and a whole burst of at least 1`);
      methodOptions[`${route.path}/${route.method}`] = { throttlingRateLimit: rateLimit, throttlingBurstLimit: burstLimit };
    }
    this.declaredRoutes = new Set(props.routes.map((route) => `${route.method} ${route.path}`));

    this.restApi = new apigw.RestApi(this, 'RestApi', {
      restApiName: props.restApiName,
      description: 'Tessera: webhooks, review pages, verification and the admin API (served through the public CloudFront origin)',
      endpointTypes: [apigw.EndpointType.REGIONAL], // CloudFront in front already: an edge-optimised API would add a second one
      // An account-wide setting: the Data stack creates it (config apiGatewayCloudWatchRole), or the
      // account already has it (docs/DEPLOY.md checks it). Access logs need it.
      cloudWatchRole: false,
      binaryMediaTypes: [...BINARY_MEDIA_TYPES],
      deployOptions: {
        stageName: this.stageName,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
        throttlingRateLimit: rate,
        throttlingBurstLimit: burst,
        methodOptions,
        // X-Ray's API Gateway segment records the request URL, review secrets included; the
        // functions' own segments (Lambda tracing) still trace each request.
        tracingEnabled: false,
        metricsEnabled: true,
      },
    });
    Validations.of(this.restApi).acknowledge({
      id: 'AwsSolutions-APIG6',
      reason:
        "Execution logging is off because its request lines record the full path, and /review/<secret> is a reviewer's capability; access logs record every request by route template (resourcePath) and the functions log their own errors.",
    });

    this.validator = this.restApi.addRequestValidator('Validator', { validateRequestBody: true, validateRequestParameters: true });
    // The handlers parse bodies with their own zod schemas; this only refuses non-objects early.
    this.jsonObjectModel = this.restApi.addModel('JsonObject', {
      contentType: 'application/json',
      schema: { schema: apigw.JsonSchemaVersion.DRAFT4, type: apigw.JsonSchemaType.OBJECT },
    });

    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false, // staff are invited; nobody signs up
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 14, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userPoolClient = this.userPool.addClient('AdminClient', {
      // SRP for a future admin UI; ADMIN_USER_PASSWORD for operators, which needs AWS credentials
      // (cognito-idp:AdminInitiateAuth) on top of the password and the MFA code.
      authFlows: { userSrp: true, adminUserPassword: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
    });
    const groups = Object.fromEntries(
      ADMIN_GROUPS.map((group) => [group, new cognito.CfnUserPoolGroup(this, `Group-${group}`, { userPoolId: this.userPool.userPoolId, groupName: group })]),
    ) as Record<AdminGroup, cognito.CfnUserPoolGroup>;
    (props.users ?? []).forEach(({ email, group }, i) => {
      const user = new cognito.CfnUserPoolUser(this, `User${i}`, {
        userPoolId: this.userPool.userPoolId,
        username: email,
        userAttributes: [
          { name: 'email', value: email },
          { name: 'email_verified', value: 'true' },
        ],
        desiredDeliveryMediums: ['EMAIL'],
      });
      const membership = new cognito.CfnUserPoolUserToGroupAttachment(this, `User${i}Group`, {
        userPoolId: this.userPool.userPoolId,
        username: email,
        groupName: groups[group].groupName!,
      });
      membership.addResourceDependency(user);
      membership.addResourceDependency(groups[group]);
    });

    this.authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'Authorizer', { cognitoUserPools: [this.userPool] });
  }

  /**
   * The console's sign-in (functions/console/cognito.ts): the pool's hosted UI on a Cognito domain and
   * an app client for the authorization code flow with PKCE (no secret: the browser never holds one;
   * the console function exchanges the code). Returns what the console function is told.
   */
  addConsoleSignIn(props: { readonly callbackUrl: string; readonly domainPrefix: string }): { domain: string; clientId: string; issuer: string } {
    const domain = this.userPool.addDomain('ConsoleDomain', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
    });
    const client = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: {},
      oAuth: { flows: { authorizationCodeGrant: true }, scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL], callbackUrls: [props.callbackUrl] },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
    });
    return {
      domain: domain.baseUrl(),
      clientId: client.userPoolClientId,
      issuer: `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`,
    };
  }

  /** Adds one route. Paths under /admin/ need a Cognito ID token; the others are public by design. */
  addRoute(route: ApiRoute, fn: lambda.IFunction): apigw.Method {
    const key = `${route.method} ${route.path}`;
    if (this.routes.has(key)) throw new Error(`TesseraApi route ${key} is defined twice`);
    if (!this.declaredRoutes.has(key)) throw new Error(`TesseraApi route ${key} was not declared in props.routes, so it would have no throttle of its own`);
    if (!route.path.startsWith('/')) throw new Error(`TesseraApi route path '${route.path}' must start with /`);
    this.routes.add(key);

    const isAdmin = route.path.startsWith('/admin/');
    const pathParameters = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const method = this.restApi.root.resourceForPath(route.path).addMethod(
      route.method,
      // allowTestInvoke false: the console's test button would otherwise get its own invoke permission.
      new apigw.LambdaIntegration(fn, { proxy: true, allowTestInvoke: false }),
      {
        authorizationType: isAdmin ? apigw.AuthorizationType.COGNITO : apigw.AuthorizationType.NONE,
        authorizer: isAdmin ? this.authorizer : undefined,
        requestValidator: this.validator,
        requestParameters: Object.fromEntries(pathParameters.map((name) => [`method.request.path.${name}`, true])),
        requestModels: route.method === 'POST' ? { 'application/json': this.jsonObjectModel } : undefined,
      },
    );
    if (!isAdmin) {
      const why = PUBLIC_ROUTE_REASONS[route.path.split('/')[1] ?? ''];
      if (!why) throw new Error(`TesseraApi route ${key} is neither under /admin/ nor a known public route: say how it is authenticated`);
      for (const id of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) Validations.of(method).acknowledge({ id, reason: why });
    }
    return method;
  }
}

/** Why each public route needs no Cognito token: the reasons a reviewer reads in the nag report. */
const PUBLIC_ROUTE_REASONS: Record<string, string> = {
  webhooks:
    "Called by LMS servers, not people: each request is authenticated by an HMAC signature with the source's own secret over timestamp and raw body (5-minute window, replay ledger); unsigned requests get 401 and store nothing.",
  review: 'Opened from a review email: the 256-bit single-use secret in the path is the capability (only its SHA-256 is stored); GET changes nothing, POST decides once.',
  console:
    'Server-rendered pages for staff: every page but sign-in needs a session (a 256-bit token in an HttpOnly cookie, only its SHA-256 stored, 8 hours), opened by an admin token or the Cognito hosted UI (authorization code with PKCE); every POST carries a CSRF token tied to the session; roles as in the admin API.',
  verify: 'Public by purpose: anyone may check any Open Badges credential (JSON or a baked image), or open the page that does; it reads no Tessera data and makes no AWS calls.',
  me: "The earner's own page: signed in by a mailed 256-bit single-use link (only its SHA-256 stored, 24 h), then a session cookie (stored as a hash, 7 days); forms carry a CSRF token tied to the session; POST /me is rate-limited and answers the same page for any address.",
};
