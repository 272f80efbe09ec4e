// /verify: anyone checks any Open Badges 3.0 credential; the answer names each check.
// GET serves the page for people; POST takes the credential as JSON (bare, or as
// `{credential, recipientEmail}` to add the recipient check), a baked PNG or SVG, or a VC-JWT.
// A credential that fails is a 200 with verified:false; only an unreadable body is a 400.
import { VerifyRequest, parseWith } from '@tessera/core';
import { createHttpDocumentResolver, readCredential, sniffCredentialFormat, verifyCredential, type CredentialFileFormat, type ResolveDocument } from '@tessera/credentials';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { bodyBytes, header, html, httpHandler, json, type HttpRequest } from '../shared/http.ts';
import { VERIFY_PAGE_CSP, verifyPage } from './page.ts';

// Resolvers live per process, so their caches outlive a single request. Plain-http localhost is
// only reachable when our own origin is localhost; on Lambda it is the runtime API.
const httpResolver = (deps: Dependencies, cacheTtlMs?: number): ResolveDocument =>
  createHttpDocumentResolver({ allowLocalhost: new URL(deps.config.publicBaseUrl).hostname === 'localhost', cacheTtlMs });

let resolver: ResolveDocument | undefined;
const resolveDocument = (deps: Dependencies): ResolveDocument => (resolver ??= httpResolver(deps));

// Status lists change (a revocation must show at once): fetched on each verification, so their
// freshness is the public origin's short cache, not ours on top of it.
let statusListResolver: ResolveDocument | undefined;
const resolveStatusList = (deps: Dependencies): ResolveDocument => (statusListResolver ??= httpResolver(deps, 0));

const FORMAT_BY_MEDIA_TYPE: Record<string, CredentialFileFormat> = {
  'application/json': 'json',
  'application/ld+json': 'json',
  'application/vc+ld+json': 'json',
  'image/png': 'png',
  'image/svg+xml': 'svg',
  // VC-JOSE-COSE's registered type for a JWT-secured credential, and plain JWT (RFC 7519 §10.3.1).
  'application/vc+jwt': 'jwt',
  'application/jwt': 'jwt',
};

/** The declared media type decides; without a known one (curl's default, text/plain) the bytes do: a
 *  VC-JWT is sniffed by its three base64url parts. */
function formatOf(event: HttpRequest, body: Buffer): CredentialFileFormat {
  const mediaType = (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  return FORMAT_BY_MEDIA_TYPE[mediaType] ?? sniffCredentialFormat(body);
}

export const createHandler = (deps: () => Dependencies) =>
  httpHandler(async (event) => {
    if (event.httpMethod === 'GET') return html(200, verifyPage(), { 'Content-Security-Policy': VERIFY_PAGE_CSP });
    const body = bodyBytes(event);
    const format = formatOf(event, body);
    const read = readCredential(body, format, 'request body');
    const { credential, recipientEmail } = format === 'json' ? verifyRequestOf(read) : { credential: read, recipientEmail: undefined };
    const result = await verifyCredential(credential, { now: deps().clock.now(), resolveDocument: resolveDocument(deps()), resolveStatusList: resolveStatusList(deps()), recipientEmail });
    return json(200, result);
  });

/** A credential always has an @context; a body without one that names `credential` is the request envelope. */
function verifyRequestOf(body: unknown): { credential: unknown; recipientEmail?: string } {
  const isEnvelope = typeof body === 'object' && body !== null && !Array.isArray(body) && 'credential' in body && !('@context' in body);
  if (!isEnvelope) return { credential: body };
  return parseWith(VerifyRequest, body, 'verify request');
}

export const handler = createHandler(dependencies);
