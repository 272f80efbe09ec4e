// The REST API (API Gateway v1, proxy integrations) with its routes taken from API_ROUTES, and the
// Cognito user pool whose groups guard the admin routes. Public routes authenticate differently:
// webhooks by the source's signature, review pages by the secret in the link, verify not at all.
import {
  Duration,
  RemovalPolicy,
  Validations,
  aws_apigateway as apigw,
  aws_cognito as cognito,
  aws_lambda as lambda,
  aws_logs as logs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ApiRoute } from '../../../functions/catalog.ts';

/** The groups functions/shared/admin-auth.ts reads from `cognito:groups`. */
export const ADMIN_GROUPS = ['admin', 'designer', 'reviewer'] as const;
export type AdminGroup = (typeof ADMIN_GROUPS)[number];

/**
 * Request bodies API Gateway hands to the functions base64-encoded (isBase64Encoded) rather than
 * as text: a baked PNG posted to /verify would otherwise be decoded as UTF-8 and lose its bytes.
 * Only PNG: a baked SVG is text, and every JSON body (webhook signatures cover the raw text) stays
 * as it was. Responses are unaffected: the functions send text with isBase64Encoded false.
 */
export const BINARY_MEDIA_TYPES = ['image/png'] as const;

export interface TesseraApiProps {
  /**
   * The stage name, which is also the path prefix CloudFront adds in front of every API route.
   * @default 'api'
   */
  readonly stageName?: string;
  /**
   * Steady-state requests per second across all callers.
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

  constructor(scope: Construct, id: string, props: TesseraApiProps = {}) {
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

    this.restApi = new apigw.RestApi(this, 'RestApi', {
      description: 'Tessera: webhooks, review pages, verification and the admin API (served through the public CloudFront origin)',
      endpointTypes: [apigw.EndpointType.REGIONAL], // CloudFront in front already: an edge-optimised API would add a second one
      cloudWatchRole: false, // an account-wide setting; see the APIG6 acknowledgement below
      binaryMediaTypes: [...BINARY_MEDIA_TYPES],
      deployOptions: {
        stageName: this.stageName,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        throttlingRateLimit: rate,
        throttlingBurstLimit: burst,
        tracingEnabled: true,
        metricsEnabled: true,
      },
    });
    Validations.of(this.restApi).acknowledge({
      id: 'AwsSolutions-APIG6',
      reason:
        'Execution logging needs the account-wide API Gateway CloudWatch role (AWS::ApiGateway::Account), a singleton other teams in the institution\'s account may own; access logs record every request and the functions log their own errors.',
    });
    Validations.of(this.restApi).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason: 'The API is reached through the CloudFront distribution; a WAF web ACL is attached there (config webAclArn), where it also covers the public artefacts.',
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

  /** Adds one route. Paths under /admin/ need a Cognito ID token; the others are public by design. */
  addRoute(route: ApiRoute, fn: lambda.IFunction): apigw.Method {
    const key = `${route.method} ${route.path}`;
    if (this.routes.has(key)) throw new Error(`TesseraApi route ${key} is defined twice`);
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
  webhooks: 'Called by LMS servers, not people: each request is authenticated by an HMAC signature with the source\'s own secret over timestamp and raw body (5-minute window, replay ledger); unsigned requests get 401 and store nothing.',
  review: 'Opened from a review email: the 256-bit single-use secret in the path is the capability (only its SHA-256 is stored); GET changes nothing, POST decides once.',
  verify: 'Public by purpose: anyone may check any Open Badges credential (JSON or a baked image), or open the page that does; it reads no Tessera data and makes no AWS calls.',
};
