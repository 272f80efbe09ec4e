// Stands in for @digitalbazaar/http-client inside Lambda bundles. jsonld's Node document loader
// imports it at module load, and with it undici (~900 KB of input), although Tessera never lets
// jsonld fetch: every context is bundled and DID documents go through our own resolver. Anything
// that does reach for it fails loudly instead of fetching from the network.
export const DEFAULT_HEADERS = Object.freeze({ Accept: 'application/ld+json, application/json' });

export function httpClient(): never {
  throw new Error('network document loading is disabled in Tessera bundles: contexts are bundled, DID documents use the HTTP resolver');
}
