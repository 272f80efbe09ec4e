// /verify: anyone checks any Open Badges 3.0 credential; the answer names each check.
// GET serves the page for people; POST takes the credential as JSON (bare, or as
// `{credential, recipientEmail}` to add the recipient check), a baked PNG or SVG, or a VC-JWT.
// A credential that fails is a 200 with verified:false; only an unreadable body is a 400.
// GET /verify?credential=<url of one of our credentials> verifies on the server and shows the result:
// the badge page's link for readers without JavaScript. Only this origin's credentials are fetched,
// so the page is never a proxy to elsewhere.
import { PUBLIC_PREFIX, ValidationError, VerifyRequest, parseWith, publicUrl } from '@tessera/core';
import { readCredential, sniffCredentialFormat, verifyCredential, type CredentialFileFormat } from '@tessera/credentials';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { clientOf } from '../shared/client-address.ts';
import { PayloadTooLargeError, bodyBytes, header, html, httpHandler, json, type HttpRequest } from '../shared/http.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';
import { VERIFY_PAGE_CSP, verifyPage, type ServerVerification } from './page.ts';

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

/** What a body may weigh, per format: a credential is a few KB, a baked badge a few hundred
 *  (the local gateway and API Gateway stop anything over 1 MiB before this). */
export const MAX_VERIFY_BODY_BYTES: Record<CredentialFileFormat, number> = {
  json: 256 * 1024,
  jwt: 64 * 1024,
  svg: 512 * 1024,
  png: 1024 * 1024,
};

/** The declared media type decides; without a known one (curl's default, text/plain) the bytes do: a
 *  VC-JWT is sniffed by its three base64url parts. */
function formatOf(event: HttpRequest, body: Buffer): CredentialFileFormat {
  const mediaType = (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  return FORMAT_BY_MEDIA_TYPE[mediaType] ?? sniffCredentialFormat(body);
}

export const createHandler = (deps: () => Dependencies) =>
  httpHandler(async (event) => {
    if (event.httpMethod === 'GET') {
      const credentialUrl = event.queryStringParameters?.credential;
      if (!credentialUrl) return html(200, verifyPage(), { 'Content-Security-Policy': VERIFY_PAGE_CSP });
      enforceRateLimit(deps().rateLimits.verify, [`client:${clientOf(event, deps().config.clientAddress)}`], deps().clock.now());
      return html(200, verifyPage(await verifyPublished(deps(), credentialUrl)), { 'Content-Security-Policy': VERIFY_PAGE_CSP });
    }
    enforceRateLimit(deps().rateLimits.verify, [`client:${clientOf(event, deps().config.clientAddress)}`], deps().clock.now());
    const body = bodyBytes(event);
    const format = formatOf(event, body);
    if (body.length > MAX_VERIFY_BODY_BYTES[format]) {
      throw new PayloadTooLargeError(`a ${format.toUpperCase()} body to verify may be at most ${MAX_VERIFY_BODY_BYTES[format]} bytes; this one is ${body.length}`);
    }
    const read = readCredential(body, format, 'request body');
    const { credential, recipientEmail } = format === 'json' ? verifyRequestOf(read) : { credential: read, recipientEmail: undefined };
    // The resolvers and caches live in the composition root, so they outlive a single request.
    const result = await verifyCredential(credential, { ...deps().verification, now: deps().clock.now(), recipientEmail });
    return json(200, result);
  });

/** A credential always has an @context; a body without one that names `credential` is the request envelope. */
function verifyRequestOf(body: unknown): { credential: unknown; recipientEmail?: string } {
  const isEnvelope = typeof body === 'object' && body !== null && !Array.isArray(body) && 'credential' in body && !('@context' in body);
  if (!isEnvelope) return { credential: body };
  return parseWith(VerifyRequest, body, 'verify request');
}

/** One of this origin's credentials, `<public origin>/credentials/{id}.json`, fetched and verified. */
async function verifyPublished(deps: Dependencies, credentialUrl: string): Promise<ServerVerification> {
  const prefix = publicUrl(deps.config.publicBaseUrl, PUBLIC_PREFIX.credentials);
  const id = credentialUrl.startsWith(prefix) ? credentialUrl.slice(prefix.length) : '';
  if (!/^[A-Za-z0-9-]+\.json$/.test(id)) {
    throw new ValidationError(`credential must be the URL of a credential published here (${prefix}{id}.json)`, [
      { path: 'credential', message: `must start with ${prefix} and end in .json` },
    ]);
  }
  let credential: unknown;
  try {
    credential = await deps.verification.resolveDocument(credentialUrl);
  } catch (error) {
    return { credentialUrl, problem: error instanceof Error ? error.message : String(error) };
  }
  return { credentialUrl, result: await verifyCredential(credential, { ...deps.verification, now: deps.clock.now() }) };
}

export const handler = createHandler(dependencies);
