// /verify: anyone checks any Open Badges 3.0 credential; the answer names each check.
// GET serves the page for people; POST takes the credential as JSON, or a baked PNG or SVG.
// A credential that fails is a 200 with verified:false; only an unreadable body is a 400.
import { createHttpDocumentResolver, readCredential, sniffCredentialFormat, verifyCredential, type CredentialFileFormat, type ResolveDocument } from '@tessera/credentials';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { bodyBytes, header, html, httpHandler, json, type HttpRequest } from '../shared/http.ts';
import { VERIFY_PAGE_CSP, verifyPage } from './page.ts';

// One resolver per process, so its cache of DID documents outlives a single request. Plain-http
// localhost is only reachable when our own origin is localhost; on Lambda it is the runtime API.
let resolver: ResolveDocument | undefined;
const resolveDocument = (deps: Dependencies): ResolveDocument =>
  (resolver ??= createHttpDocumentResolver({ allowLocalhost: new URL(deps.config.publicBaseUrl).hostname === 'localhost' }));

const FORMAT_BY_MEDIA_TYPE: Record<string, CredentialFileFormat> = {
  'application/json': 'json',
  'application/ld+json': 'json',
  'application/vc+ld+json': 'json',
  'image/png': 'png',
  'image/svg+xml': 'svg',
};

/** The declared media type decides; without a known one (curl's default, text/plain) the bytes do. */
function formatOf(event: HttpRequest, body: Buffer): CredentialFileFormat {
  const mediaType = (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  return FORMAT_BY_MEDIA_TYPE[mediaType] ?? sniffCredentialFormat(body);
}

export const createHandler = (deps: () => Dependencies) =>
  httpHandler(async (event) => {
    if (event.httpMethod === 'GET') return html(200, verifyPage(), { 'Content-Security-Policy': VERIFY_PAGE_CSP });
    const body = bodyBytes(event);
    const credential = readCredential(body, formatOf(event, body), 'request body');
    const result = await verifyCredential(credential, { now: deps().clock.now(), resolveDocument: resolveDocument(deps()) });
    return json(200, result);
  });

export const handler = createHandler(dependencies);
