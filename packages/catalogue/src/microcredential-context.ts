// The micro-credential extension's JSON-LD context: its one URL and the document behind it. Kept
// apart from the rest of the package (no zod, no other imports) so the credentials package can
// bundle it without pulling in the catalogue.
import context from '../contexts/microcredential-v1.json' with { type: 'json' };

/**
 * Deployment-independent on purpose: every Tessera issues the same terms with the same IRIs, a
 * verifier bundles one document for all of them, and the URL never changes once credentials cite
 * it (a new term means a `v2.json`, never an edit). Each deployment is also to serve the same bytes
 * at `{public origin}/contexts/microcredential/v1.json` (not wired yet). See docs/MICROCREDENTIALS.md.
 */
export const MICROCREDENTIAL_CONTEXT_URL = 'https://w3id.org/tessera/contexts/microcredential/v1.json';

/** Where each deployment publishes its copy, below the public origin. */
export const MICROCREDENTIAL_CONTEXT_PATH = 'contexts/microcredential/v1.json';

export const microcredentialContext: { '@context': Record<string, unknown> } = context;
