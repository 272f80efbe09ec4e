// POST /verify: anyone checks any Open Badges 3.0 credential; the answer names each check.
// The body is the credential itself, or `{credential, recipientEmail}` to add the recipient check.
// A credential that fails is a 200 with verified:false; a body that is not JSON (or a malformed
// `{credential, recipientEmail}`) is a 400.
import { ValidationError, VerifyRequest, detailsFromZod } from '@tessera/core';
import { createHttpDocumentResolver, verifyCredential, type ResolveDocument } from '@tessera/credentials';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { httpHandler, json, rawBody } from '../shared/http.ts';

// One resolver per process, so its cache of DID documents outlives a single request. Plain-http
// localhost is only reachable when our own origin is localhost; on Lambda it is the runtime API.
let resolver: ResolveDocument | undefined;
const resolveDocument = (deps: Dependencies): ResolveDocument =>
  (resolver ??= createHttpDocumentResolver({ allowLocalhost: new URL(deps.config.publicBaseUrl).hostname === 'localhost' }));

export const createHandler = (deps: () => Dependencies) =>
  httpHandler(async (event) => {
    let body: unknown;
    try {
      body = JSON.parse(rawBody(event));
    } catch (error) {
      throw new ValidationError('request body is not valid JSON: post the credential itself', [{ path: '(root)', message: 'expected a JSON object' }], error);
    }
    const { credential, recipientEmail } = verifyRequestOf(body);
    const result = await verifyCredential(credential, { now: deps().clock.now(), resolveDocument: resolveDocument(deps()), recipientEmail });
    return json(200, result);
  });

/** A credential always has an @context; a body without one that names `credential` is the request envelope. */
function verifyRequestOf(body: unknown): { credential: unknown; recipientEmail?: string } {
  const isEnvelope = typeof body === 'object' && body !== null && !Array.isArray(body) && 'credential' in body && !('@context' in body);
  if (!isEnvelope) return { credential: body };
  const parsed = VerifyRequest.safeParse(body);
  if (!parsed.success) {
    const details = detailsFromZod(parsed.error.issues);
    throw new ValidationError(`invalid verify request: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
  }
  return parsed.data;
}

export const handler = createHandler(dependencies);
