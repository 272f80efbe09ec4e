// Who may do what in the admin API. On AWS each role is a Cognito group of the same name; `admin`
// holds every role. The function checks them, infra creates the groups: both read this list.
export const ADMIN_ROLES = ['admin', 'designer', 'reviewer'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];
