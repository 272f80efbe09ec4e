import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '@tessera/core';
import { ACTIONS, assertAllowed, authorize, mayPublish, ROLES, type Action, type Role } from './roles.ts';

// The "Roles and authority", written out by hand: Y = allowed. Columns: admin, designer,
// qa-manager, registrar, auditor. Kept apart from PERMISSIONS so a slip in either shows up here.
const EXPECTED: Record<Action, string> = {
  'user.create': 'Y....',
  'user.read': 'Y...Y',
  'submission.read': 'Y.YYY',
  'source.manage': 'Y....',
  'source.read': 'Y...Y',
  'framework.import': 'YY...',
  'achievement.draft': 'YY...',
  'achievement.publish': 'Y.Y..',
  'achievement.retire': 'Y.Y..',
  'stack.draft': 'YY...',
  'stack.publish': 'Y.Y..',
  'stack.retire': 'Y.Y..',
  'catalogue.read': 'YYYYY',
  'review.decide': 'Y.Y..',
  'report.read': 'Y.Y.Y',
  'credential.revoke': 'Y..Y.',
  'credential.suspend': 'Y..Y.',
  'bulk.submit': 'Y..Y.',
  'bulk.read': 'Y..Y.',
  'earner.read': 'Y..YY',
  'audit.read': 'Y...Y',
};

const COLUMNS: Role[] = ['admin', 'designer', 'qa-manager', 'registrar', 'auditor'];
const pairs = ACTIONS.flatMap((action) => COLUMNS.map((role, column) => ({ action, role, allowed: EXPECTED[action][column] === 'Y' })));

describe('authorize', () => {
  it('knows exactly the roles and actions of the table', () => {
    expect([...ROLES].sort()).toEqual([...COLUMNS].sort());
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(pairs)('$role → $action: allowed $allowed', ({ action, role, allowed }) => {
    // Act
    const decision = authorize([role], action);

    // Assess: a refusal names the roles that would do, all of them and only them
    if (allowed) expect(decision).toEqual({ ok: true });
    else {
      expect(decision.ok).toBe(false);
      const needed = COLUMNS.filter((_, column) => EXPECTED[action][column] === 'Y');
      expect(decision).toMatchObject({ ok: false, needed });
    }
  });

  it('allows when any one of several roles allows, and refuses someone with no role', () => {
    expect(authorize(['auditor', 'designer'], 'framework.import')).toEqual({ ok: true });
    expect(authorize([], 'catalogue.read')).toMatchObject({ ok: false, needed: COLUMNS });
  });

  it('turns a refusal into a 403 ForbiddenError naming the role needed', () => {
    // Act
    let error: unknown;
    try {
      assertAllowed(authorize(['designer'], 'achievement.publish'));
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ status: 403, code: 'forbidden', roles: ['admin', 'qa-manager'], message: 'achievement.publish needs the role admin or qa-manager' });
    expect(() => assertAllowed(authorize(['registrar'], 'credential.revoke'))).not.toThrow();
  });
});

describe('mayPublish (four eyes)', () => {
  const draft = (kind: 'achievement' | 'stack') => ({ kind, updatedBy: 'designer-1' });

  it.each(['achievement', 'stack'] as const)('lets a qa-manager or admin who did not edit the %s last publish it', (kind) => {
    expect(mayPublish({ id: 'qa-1', roles: ['qa-manager'] }, draft(kind))).toEqual({ ok: true });
    expect(mayPublish({ id: 'admin-1', roles: ['admin'] }, draft(kind))).toEqual({ ok: true });
  });

  it.each(['achievement', 'stack'] as const)('refuses the last editor of the %s, even an admin', (kind) => {
    // Act
    const decision = mayPublish({ id: 'admin-1', roles: ['admin', 'designer'] }, { kind, updatedBy: 'admin-1' });

    // Assess
    expect(decision).toMatchObject({ ok: false, reason: expect.stringMatching(/four eyes/) });
  });

  it('refuses a designer or registrar who did not edit it: they lack the role', () => {
    expect(mayPublish({ id: 'designer-2', roles: ['designer'] }, draft('achievement'))).toMatchObject({ ok: false, needed: ['admin', 'qa-manager'] });
    expect(mayPublish({ id: 'registrar-1', roles: ['registrar', 'auditor'] }, draft('stack'))).toMatchObject({ ok: false, needed: ['admin', 'qa-manager'] });
  });
});
