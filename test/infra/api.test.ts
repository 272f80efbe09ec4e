// TesseraApi: the routes of API_ROUTES, who may call them, and the API's own safeguards.
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../functions/catalog.ts';
import { ADMIN_GROUPS } from '../../infra/lib/constructs/tessera-api.ts';
import { ORIGIN_VERIFY_HEADER } from '../../infra/lib/constructs/origin-verify.ts';
import { exampleConfig, logicalIdByPath, resourcesOf, synthStage } from './support.ts';

let app: ReturnType<typeof synthStage>['app'];
beforeAll(() => {
  ({ app } = synthStage());
});

/** The full path of an API Gateway resource, rebuilt from PathPart and ParentId. */
function pathOf(resourceId: string | { Ref: string }): string {
  const resources = resourcesOf(app, 'AWS::ApiGateway::Resource');
  const id = typeof resourceId === 'string' ? resourceId : resourceId.Ref;
  const resource = resources[id];
  if (!resource) return '';
  return `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart}`;
}

function methodFor(method: string, path: string) {
  const found = Object.values(resourcesOf(app, 'AWS::ApiGateway::Method')).filter((m) => m.Properties.HttpMethod === method && pathOf(m.Properties.ResourceId) === path);
  expect(found, `${method} ${path}`).toHaveLength(1);
  return found[0]!.Properties;
}

describe('TesseraApi routes', () => {
  it('has exactly the methods API_ROUTES lists', () => {
    expect(Object.keys(resourcesOf(app, 'AWS::ApiGateway::Method'))).toHaveLength(API_ROUTES.length);
  });

  it.each(API_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s reaches its function through a proxy integration', (_, route) => {
    // Prepare
    const fnId = logicalIdByPath(app, 'AWS::Lambda::Function', `/Fn-${route.function}/Function/`);

    // Act
    const method = methodFor(route.method, route.path);

    // Assess
    expect(method.Integration.Type).toBe('AWS_PROXY');
    expect(JSON.stringify(method.Integration.Uri)).toContain(fnId);
    const pathParameters = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => `method.request.path.${m[1]}`);
    expect(Object.keys(method.RequestParameters ?? {})).toEqual(pathParameters);
    expect(method.RequestValidatorId).toBeDefined();
  });

  it('puts every /admin route behind the Cognito authorizer, and only those', () => {
    // Prepare
    const authorizerId = Object.keys(resourcesOf(app, 'AWS::ApiGateway::Authorizer'))[0]!;

    for (const route of API_ROUTES) {
      // Act
      const method = methodFor(route.method, route.path);

      // Assess
      if (route.path.startsWith('/admin/')) {
        expect(method.AuthorizationType).toBe('COGNITO_USER_POOLS');
        expect(method.AuthorizerId).toEqual({ Ref: authorizerId });
      } else {
        expect(method.AuthorizationType).toBe('NONE');
      }
    }
    expect(API_ROUTES.some((r) => r.path.startsWith('/admin/'))).toBe(true);
  });

  it('lets API Gateway invoke each function only for its own method and path', () => {
    // Act
    const permissions = Object.values(resourcesOf(app, 'AWS::Lambda::Permission')).filter((p) => p.Properties.Principal === 'apigateway.amazonaws.com');

    // Assess: one per route (no test-invoke extras), each scoped to a method and path.
    expect(permissions).toHaveLength(API_ROUTES.length);
    for (const permission of permissions) expect(JSON.stringify(permission.Properties.SourceArn)).toMatch(/\/(GET|POST|PATCH)\//);
  });
});

describe('TesseraApi safeguards', () => {
  it('logs every request to its access log by route template, never the path (review secrets), and does not trace the URL', () => {
    // Prepare
    const logGroupId = logicalIdByPath(app, 'AWS::Logs::LogGroup', '/Api/AccessLogs/');

    // Act
    const stage = Object.values(resourcesOf(app, 'AWS::ApiGateway::Stage'))[0]!.Properties;
    const format = JSON.parse(stage.AccessLogSetting.Format) as Record<string, string>;

    // Assess
    expect(stage.StageName).toBe('api');
    expect(stage.AccessLogSetting.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
    expect(format.resourcePath).toBe('$context.resourcePath');
    expect(format.requestId).toBe('$context.requestId');
    expect(stage.AccessLogSetting.Format).not.toMatch(/\$context\.path|requestOverride|\$input|querystring/i);
    expect(stage.TracingEnabled).toBe(false);
    expect(stage.MethodSettings.some((m: { LoggingLevel?: string }) => m.LoggingLevel && m.LoggingLevel !== 'OFF')).toBe(false);
  });

  it('throttles each route on its own budget from the catalog, so a /verify flood cannot throttle webhooks', () => {
    // Act
    const settings = Object.values(resourcesOf(app, 'AWS::ApiGateway::Stage'))[0]!.Properties.MethodSettings as Array<Record<string, unknown>>;
    const budgetOf = (method: string, path: string) => settings.find((m) => m.HttpMethod === method && m.ResourcePath === `/${path.replace(/\//g, '~1')}`);

    // Assess: the stage default for anything else, and one setting per route.
    expect(settings).toContainEqual(expect.objectContaining({ HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }));
    for (const route of API_ROUTES) {
      expect(budgetOf(route.method, route.path), `${route.method} ${route.path}`).toMatchObject({
        ThrottlingRateLimit: route.throttle.rateLimit,
        ThrottlingBurstLimit: route.throttle.burstLimit,
      });
    }
    const verify = API_ROUTES.find((r) => r.method === 'POST' && r.path === '/verify')!;
    const webhook = API_ROUTES.find((r) => r.path.startsWith('/webhooks/'))!;
    expect(verify.throttle.rateLimit).toBeLessThan(webhook.throttle.rateLimit);
  });

  it('is named per stage, so two stages in one account keep their own 5XX alarm (ApiName dimension)', () => {
    // Prepare
    const other = synthStage(exampleConfig({}, 'qa')).app;

    // Act
    const names = [app, other].map((t) => Object.values(resourcesOf(t, 'AWS::ApiGateway::RestApi'))[0]!.Properties.Name);
    const alarmDimensions = Object.values(resourcesOf(other, 'AWS::CloudWatch::Alarm')).flatMap((a) => a.Properties.Dimensions ?? []);

    // Assess
    expect(names).toEqual(['Tessera-test', 'Tessera-qa']);
    expect(alarmDimensions).toContainEqual({ Name: 'ApiName', Value: 'Tessera-qa' });
  });

  it('refuses (WAF, 403) every request that did not come through CloudFront, before any authorizer or function', () => {
    // Prepare
    const stageId = Object.keys(resourcesOf(app, 'AWS::ApiGateway::Stage'))[0]!;
    const secretId = Object.keys(resourcesOf(app, 'AWS::SecretsManager::Secret'))[0]!;
    const acl = Object.entries(resourcesOf(app, 'AWS::WAFv2::WebACL'))[0]!;

    // Act
    const association = Object.values(resourcesOf(app, 'AWS::WAFv2::WebACLAssociation'))[0]!;
    const rule = acl[1].Properties.Rules[0];
    const match = rule.Statement.NotStatement.Statement.ByteMatchStatement;
    const distribution = Object.values(resourcesOf(app, 'AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    const apiOrigin = distribution.Origins.find((o: { CustomOriginConfig?: unknown }) => o.CustomOriginConfig);

    // Assess: the ACL guards this stage; it blocks unless the header equals the secret CloudFront sends.
    expect(acl[1].Properties.Scope).toBe('REGIONAL');
    expect(association.Properties.WebACLArn).toEqual({ 'Fn::GetAtt': [acl[0], 'Arn'] });
    expect(JSON.stringify(association.Properties.ResourceArn)).toContain(stageId);
    expect(rule.Action).toEqual({ Block: {} });
    expect(match.FieldToMatch).toEqual({ SingleHeader: { Name: ORIGIN_VERIFY_HEADER } });
    expect(match.PositionalConstraint).toBe('EXACTLY');
    expect(JSON.stringify(match.SearchString)).toContain(`{{resolve:secretsmanager:`);
    expect(JSON.stringify(match.SearchString)).toContain(secretId);
    expect(apiOrigin.OriginCustomHeaders).toEqual([{ HeaderName: ORIGIN_VERIFY_HEADER, HeaderValue: match.SearchString }]);
  });

  it('rotates the origin secret by generation: a new secret, named by both CloudFront and the WAF rule', () => {
    // Prepare
    const rotated = synthStage(exampleConfig({ originSecretGeneration: 2 })).app;

    // Act
    const secretIds = Object.keys(resourcesOf(rotated, 'AWS::SecretsManager::Secret'));
    const searchString = JSON.stringify(
      Object.values(resourcesOf(rotated, 'AWS::WAFv2::WebACL'))[0]!.Properties.Rules[0].Statement.NotStatement.Statement.ByteMatchStatement.SearchString,
    );
    const header = JSON.stringify(Object.values(resourcesOf(rotated, 'AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig.Origins);

    // Assess
    expect(secretIds).toHaveLength(1);
    expect(secretIds[0]).not.toEqual(Object.keys(resourcesOf(app, 'AWS::SecretsManager::Secret'))[0]);
    expect(searchString).toContain(secretIds[0]);
    expect(header).toContain(secretIds[0]);
  });

  it('passes PNG request bodies to the functions base64-encoded (a baked badge posted to /verify), and nothing else', () => {
    // Act
    const api = Object.values(resourcesOf(app, 'AWS::ApiGateway::RestApi'))[0]!.Properties;

    // Assess: JSON (webhooks, whose signature covers the raw text) and SVG stay text.
    expect(api.BinaryMediaTypes).toEqual(['image/png']);
  });

  it('validates JSON bodies only: a POST /verify with image/png or image/svg+xml has no model to fail', () => {
    // Act
    const verify = methodFor('POST', '/verify');

    // Assess: API Gateway validates a body only against the model of its content type.
    expect(Object.keys(verify.RequestModels)).toEqual(['application/json']);
  });

  it('validates request parameters and bodies', () => {
    app.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
  });
});

describe('admin user pool', () => {
  it('has the groups admin-auth.ts checks', () => {
    // Act
    const groups = Object.values(resourcesOf(app, 'AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);

    // Assess
    expect(groups.sort()).toEqual([...ADMIN_GROUPS].sort());
  });

  it('allows no self sign-up, requires MFA and a strong password', () => {
    app.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Policies: { PasswordPolicy: { MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
    });
  });

  it('invites the configured admin into admin and each reviewer into qa-manager', () => {
    // Act
    const members = Object.values(resourcesOf(app, 'AWS::Cognito::UserPoolUserToGroupAttachment')).map((a) => `${a.Properties.Username}:${JSON.stringify(a.Properties.GroupName)}`);

    // Assess
    expect(members.sort()).toEqual(['credentials-admin@example.edu:"admin"', 'qa-reviewer@example.edu:"qa-manager"']);
  });
});
