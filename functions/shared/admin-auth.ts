// Admin API authentication, chosen once in the composition root from configuration: it turns a
// request into the Actor it comes from (who, holding which roles) or refuses it with 401. What an
// actor may do is the catalogue's permission table's business (packages/catalogue/src/roles.ts).
// On AWS the Cognito JWT authorizer has already verified the token and hands us its claims; locally
// there is no Cognito, so the configured admin token and the tokens of users created through
// POST /admin/users stand in. Neither path takes a role it did not verify.
import { timingSafeEqual } from 'node:crypto';
import { ADMIN_ROLES, UnauthorizedError, type AdminAuthConfig } from '@tessera/core';
import { hashUserToken, type Store } from '@tessera/store';
import type { Actor } from '@tessera/catalogue';
import { header, type HttpRequest } from './http.ts';

export type { Actor };

/** The actor the configured TESSERA_ADMIN_TOKEN stands for. */
export const LOCAL_ADMIN: Actor = { id: 'local-admin', roles: ['admin'] };

export interface AdminAuthenticator {
  /** Who is calling; 401 when the request carries no credential or a bad one. */
  authenticate(request: HttpRequest): Promise<Actor>;
}

export function createAdminAuthenticator(config: AdminAuthConfig, users: Pick<Store, 'users'>): AdminAuthenticator {
  return config.kind === 'token' ? tokenAuthenticator(config.token, users) : cognitoAuthenticator;
}

const BAD_TOKEN = 'missing or wrong admin token (Authorization: Bearer <TESSERA_ADMIN_TOKEN or a token from POST /admin/users>)';

/** Locally: the configured admin token is the local admin; any other bearer is looked up by its SHA-256. */
export function tokenAuthenticator(adminToken: string, { users }: Pick<Store, 'users'>): AdminAuthenticator {
  return {
    async authenticate(request) {
      const presented = /^Bearer (.+)$/i.exec(header(request, 'authorization') ?? '')?.[1];
      if (!presented) throw new UnauthorizedError(BAD_TOKEN);
      if (safeEqual(presented, adminToken)) return LOCAL_ADMIN;
      const user = await users.getByTokenHash(hashUserToken(presented));
      if (!user) throw new UnauthorizedError(BAD_TOKEN);
      return { id: user.id, roles: [...user.roles] };
    },
  };
}

/** The claims API Gateway's Cognito authorizer put on the request; the roles are the Cognito groups
 *  that name one (any other group is ignored). */
export const cognitoAuthenticator: AdminAuthenticator = {
  async authenticate(request) {
    const claims = request.requestContext?.authorizer?.claims as Record<string, string> | undefined;
    if (!claims?.sub) throw new UnauthorizedError('not authenticated');
    const groups = String(claims['cognito:groups'] ?? '')
      .replace(/^\[|\]$/g, '')
      .split(/[,\s]+/)
      .filter(Boolean);
    const roles = ADMIN_ROLES.filter((role) => groups.includes(role));
    return { id: claims.email ?? claims.sub, roles };
  },
};

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
