// Who may do what in the admin API (issue 8, "Roles and authority"). On AWS each role is a Cognito
// group of the same name; locally a user created by POST /admin/users holds some of them. The
// catalogue's permission table (packages/catalogue/src/roles.ts), the authenticators and infra's
// Cognito groups all read this list.
export const ADMIN_ROLES = ['admin', 'designer', 'qa-manager', 'registrar', 'auditor'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];
