// Who may do what in the catalogue (issue 8, "Roles and authority"), as data: one table of
// actions and the roles allowed each, read by `authorize`, the docs and the OpenAPI to come.
import { ADMIN_ROLES, ForbiddenError } from '@tessera/core';
import * as z from 'zod';

export const ROLES = ADMIN_ROLES;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Every governed action. `*.draft` covers creating and editing a draft. */
export const PERMISSIONS = {
  'user.create': ['admin'],
  'user.read': ['admin', 'auditor'],
  'submission.read': ['admin', 'qa-manager', 'registrar', 'auditor'],
  'source.manage': ['admin'],
  'source.read': ['admin', 'auditor'],
  'framework.import': ['admin', 'designer'],
  'achievement.draft': ['admin', 'designer'],
  'achievement.publish': ['admin', 'qa-manager'],
  'achievement.retire': ['admin', 'qa-manager'],
  'stack.draft': ['admin', 'designer'],
  'stack.publish': ['admin', 'qa-manager'],
  'stack.retire': ['admin', 'qa-manager'],
  'catalogue.read': ['admin', 'designer', 'qa-manager', 'registrar', 'auditor'],
  'review.decide': ['admin', 'qa-manager'],
  'report.read': ['admin', 'qa-manager', 'auditor'],
  'credential.revoke': ['admin', 'registrar'],
  'credential.suspend': ['admin', 'registrar'],
  'bulk.submit': ['admin', 'registrar'],
  'bulk.read': ['admin', 'registrar'],
  'earner.read': ['admin', 'registrar', 'auditor'],
  'audit.read': ['admin', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

export type Decision = { ok: true } | { ok: false; needed: Role[]; reason: string };

/** May someone holding `roles` do `action`? If not, which roles would do. */
export function authorize(roles: readonly Role[], action: Action): Decision {
  const allowed: readonly Role[] = PERMISSIONS[action];
  if (roles.some((role) => allowed.includes(role))) return { ok: true };
  return { ok: false, needed: [...allowed], reason: `${action} needs the role ${allowed.join(' or ')}` };
}

export type Actor = { id: string; roles: readonly Role[] };
/** A catalogue entry under the four-eyes rule: `updatedBy` is the actor id of its last editor. */
export type Governed = { kind: 'achievement' | 'stack'; updatedBy: string };

/** Four eyes: a qa-manager or admin publishes, and never the entry's last editor. */
export function mayPublish(actor: Actor, entity: Governed): Decision {
  const role = authorize(actor.roles, `${entity.kind}.publish`);
  if (!role.ok) return role;
  if (actor.id === entity.updatedBy) {
    return {
      ok: false,
      needed: [...PERMISSIONS[`${entity.kind}.publish`]],
      reason: `four eyes: the last editor of this ${entity.kind} cannot publish it; another qa-manager or admin must`,
    };
  }
  return { ok: true };
}

/** `decision` as a thrown ForbiddenError when it is a refusal: the form handlers use. */
export function assertAllowed(decision: Decision): void {
  if (!decision.ok) throw new ForbiddenError(decision.needed, decision.reason);
}
