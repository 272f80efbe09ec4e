// Admin API authentication, chosen once in the composition root from configuration. On AWS the
// Cognito JWT authorizer has already checked the token and hands us its claims; locally there is
// no Cognito, so a configured bearer token stands in.
import { timingSafeEqual } from 'node:crypto';
import { ForbiddenError, UnauthorizedError, type AdminAuthConfig, type AdminRole } from '@tessera/core';
import { header, type HttpRequest } from './http.ts';

export interface AdminAuthenticator {
  /** Who is calling, if they hold `role` (or admin, which holds every role): 401 when unknown, 403 when short of the role. */
  authorize(request: HttpRequest, role: AdminRole): { subject: string };
}

export function createAdminAuthenticator(config: AdminAuthConfig): AdminAuthenticator {
  return config.kind === 'token' ? tokenAuthenticator(config.token) : cognitoAuthenticator;
}

/** The local dev token: whoever presents it is the local admin, with every role. */
export function tokenAuthenticator(token: string): AdminAuthenticator {
  return {
    authorize(request) {
      const presented = /^Bearer (.+)$/i.exec(header(request, 'authorization') ?? '')?.[1];
      if (!presented || !safeEqual(presented, token)) throw new UnauthorizedError('missing or wrong admin token (Authorization: Bearer <TESSERA_ADMIN_TOKEN>)');
      return { subject: 'local-admin' };
    },
  };
}

/** The claims API Gateway's Cognito authorizer put on the request; the roles are Cognito groups. */
export const cognitoAuthenticator: AdminAuthenticator = {
  authorize(request, role) {
    const claims = request.requestContext?.authorizer?.claims as Record<string, string> | undefined;
    if (!claims?.sub) throw new UnauthorizedError('not authenticated');
    const groups = String(claims['cognito:groups'] ?? '')
      .split(/[,\s]+/)
      .filter(Boolean);
    if (!groups.includes(role) && !groups.includes('admin')) throw new ForbiddenError(role);
    return { subject: claims.email ?? claims.sub };
  },
};

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
