// @tessera/issuance: the business services the workflow steps and the admin API share (who the
// issuer is and its did.json, status lists, review secrets, the mails), over the ports they are given.
export * from './dependencies.ts';
export * from './issuer-identity.ts';
export * from './status-lists.ts';
export * from './messages.ts';
export * from './earner-mails.ts';
export * from './review-secret.ts';
export * from './page.ts';
export * from './badge-page.ts';
export * from './linkedin.ts';
export * from './achievement-definition.ts';
