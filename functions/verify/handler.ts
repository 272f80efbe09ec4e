// POST /verify: anyone checks any Open Badges 3.0 credential; the answer names each check.
// A credential that fails is a 200 with verified:false; only a body that is not JSON is a 400.
import { ValidationError } from '@tessera/core';
import { createHttpDocumentResolver, verifyCredential, type ResolveDocument } from '@tessera/credentials';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { httpHandler, json, rawBody } from '../shared/http.ts';

// One resolver per process, so its cache of DID documents outlives a single request. Plain-http
// localhost is only reachable when our own origin is localhost; on Lambda it is the runtime API.
let resolver: ResolveDocument | undefined;
const resolveDocument = (deps: Dependencies): ResolveDocument =>
  (resolver ??= createHttpDocumentResolver({ allowLocalhost: new URL(deps.config.publicBaseUrl).hostname === 'localhost' }));

// Status lists change (a revocation must show at once): fetched on each verification, so their
// freshness is the public origin's short cache, not ours on top of it.
let statusListResolver: ResolveDocument | undefined;
const resolveStatusList = (deps: Dependencies): ResolveDocument =>
  (statusListResolver ??= createHttpDocumentResolver({ allowLocalhost: new URL(deps.config.publicBaseUrl).hostname === 'localhost', cacheTtlMs: 0 }));

export const createHandler = (deps: () => Dependencies) =>
  httpHandler(async (event) => {
    let credential: unknown;
    try {
      credential = JSON.parse(rawBody(event));
    } catch (error) {
      throw new ValidationError('request body is not valid JSON: post the credential itself', [{ path: '(root)', message: 'expected a JSON object' }], error);
    }
    const result = await verifyCredential(credential, {
      now: deps().clock.now(),
      resolveDocument: resolveDocument(deps()),
      resolveStatusList: resolveStatusList(deps()),
    });
    return json(200, result);
  });

export const handler = createHandler(dependencies);
