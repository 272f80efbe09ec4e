// @tessera/catalogue: the catalogue's pure domain (issue 8): micro-credential facts and their
// OB 3.0 mapping, skills frameworks (CASE, CSV), stacks, roles, and the audit hash chain.
export * from './framework.ts';
export * from './microcredential.ts';
export * from './microcredential-context.ts';
export * from './canonical-json.ts';
export * from './audit.ts';
export * from './roles.ts';
export * from './stacks.ts';
export * from './csv.ts';
export * from './framework-csv.ts';
export * from './case-package.ts';
export * from './achievement.ts';
export * from './admin-requests.ts';
export * from './bulk-csv.ts';
