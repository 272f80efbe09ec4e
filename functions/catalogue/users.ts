// Admin users, locally: POST /admin/users creates one and shows their bearer token once (only its
// SHA-256 is kept). On AWS the users are Cognito users and their roles Cognito groups.
import { randomBytes, randomUUID } from 'node:crypto';
import { CreateUserRequest } from '@tessera/catalogue';
import { NotFoundError, TesseraError, parseJsonWith, type AdminUser } from '@tessera/core';
import { hashUserToken } from '@tessera/store';
import { json } from '../shared/http.ts';
import type { AdminRoutes } from '../shared/admin-router.ts';

/** Users live in Cognito on AWS: creating them through this API is not built (yet). */
export class UsersInCognitoError extends TesseraError {
  constructor() {
    super(
      501,
      'not_implemented',
      'On AWS, admin users are Cognito users: create one with `aws cognito-idp admin-create-user` and give roles with `admin-add-user-to-group` (docs/DEPLOY.md, "Admin users")',
    );
  }
}

export const userRoutes: AdminRoutes = {
  'POST /admin/users': {
    action: 'user.create',
    summary: 'Create a user with roles; answers their bearer token, shown once',
    request: { body: CreateUserRequest },
    async handle({ deps, actor, body }) {
      if (deps.config.adminAuth.kind !== 'token') throw new UsersInCognitoError();
      const request = parseJsonWith(CreateUserRequest, body, 'user');
      const token = randomBytes(32).toString('base64url');
      const user: AdminUser = { id: randomUUID(), ...request, createdAt: deps.clock.now().toISOString(), createdBy: actor.id };
      await deps.store.users.create(user, hashUserToken(token));
      await deps.store.audit.append({
        actor: actor.id,
        roles: actor.roles,
        action: 'user.created',
        entity: 'user',
        entityId: user.id,
        summary: `${user.email} with roles ${user.roles.join(', ')}`,
      });
      return json(201, { id: user.id, email: user.email, name: user.name, roles: user.roles, token });
    },
  },
  'GET /admin/users': {
    action: 'user.read',
    summary: 'List the users and their roles',
    handle: async ({ deps }) => json(200, { users: await deps.store.users.list() }),
  },
  'GET /admin/users/{id}': {
    action: 'user.read',
    summary: 'Read one user',
    async handle({ deps, params }) {
      const user = await deps.store.users.get(params.id ?? '');
      if (!user) throw new NotFoundError(`no user '${params.id}'`);
      return json(200, user);
    },
  },
};
