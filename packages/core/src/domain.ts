// The domain vocabulary, in three parts: request contracts (what callers send), the catalogue
// (what an institution configures) and stored records (what Tessera keeps). Import from
// '@tessera/core'; this module only gathers them for code that imports this path directly.
export * from './contracts.ts';
export * from './catalogue.ts';
export * from './records.ts';
