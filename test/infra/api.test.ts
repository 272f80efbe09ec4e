// TesseraApi: the routes of API_ROUTES, who may call them, and the API's own safeguards.
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../functions/catalog.ts';
import { ADMIN_GROUPS } from '../../infra/lib/constructs/tessera-api.ts';
import { logicalIdByPath, resourcesOf, synthStage } from './support.ts';

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
  const found = Object.values(resourcesOf(app, 'AWS::ApiGateway::Method')).filter(
    (m) => m.Properties.HttpMethod === method && pathOf(m.Properties.ResourceId) === path,
  );
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
    for (const permission of permissions) expect(JSON.stringify(permission.Properties.SourceArn)).toMatch(/\/(GET|POST)\//);
  });
});

describe('TesseraApi safeguards', () => {
  it('logs every request to its access log and throttles at the configured rate', () => {
    // Prepare
    const logGroupId = logicalIdByPath(app, 'AWS::Logs::LogGroup', '/Api/AccessLogs/');

    // Act
    const stage = Object.values(resourcesOf(app, 'AWS::ApiGateway::Stage'))[0]!.Properties;

    // Assess
    expect(stage.StageName).toBe('api');
    expect(stage.AccessLogSetting.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
    expect(stage.TracingEnabled).toBe(true);
    expect(stage.MethodSettings).toContainEqual(expect.objectContaining({ HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }));
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

  it('invites the configured admin and reviewer into their groups', () => {
    // Act
    const members = Object.values(resourcesOf(app, 'AWS::Cognito::UserPoolUserToGroupAttachment')).map((a) => `${a.Properties.Username}:${JSON.stringify(a.Properties.GroupName)}`);

    // Assess
    expect(members.sort()).toEqual(['credentials-admin@example.edu:"admin"', 'qa-reviewer@example.edu:"reviewer"']);
  });
});
