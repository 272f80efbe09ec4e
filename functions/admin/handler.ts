// The admin API: GET /admin/submissions/{id} (where a submission stands, with its audit trail) and
// POST /admin/credentials/{id}/{revoke|suspend|unsuspend} with a JSON {reason}.
import { CredentialStatusRequest, NotFoundError, ValidationError, detailsFromZod, type CredentialStatusAction } from '@tessera/core';
import { authorizeAdmin } from '../shared/admin-auth.ts';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { httpHandler, json, rawBody, type HttpRequest } from '../shared/http.ts';
import { changeCredentialStatus } from './credential-status.ts';

const STATUS_ACTION_ROUTES: Record<string, CredentialStatusAction> = {
  '/admin/credentials/{id}/revoke': 'revoke',
  '/admin/credentials/{id}/suspend': 'suspend',
  '/admin/credentials/{id}/unsuspend': 'unsuspend',
};

function parseStatusRequest(event: HttpRequest): CredentialStatusRequest {
  let body: unknown;
  try {
    body = JSON.parse(rawBody(event));
  } catch (error) {
    throw new ValidationError('request body is not valid JSON: send {"reason": "..."}', [{ path: '(root)', message: 'expected a JSON object' }], error);
  }
  const parsed = CredentialStatusRequest.safeParse(body);
  if (!parsed.success) {
    const details = detailsFromZod(parsed.error.issues);
    throw new ValidationError(`invalid request: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details, parsed.error);
  }
  return parsed.data;
}

export const createHandler = (deps: () => Dependencies) =>
  httpHandler(async (event) => {
    const { subject } = authorizeAdmin(event, deps().config);
    const id = event.pathParameters?.id ?? '';
    const action = STATUS_ACTION_ROUTES[event.resource];
    if (action) {
      const { reason } = parseStatusRequest(event);
      return json(200, await changeCredentialStatus(deps(), { credentialId: id, action, reason, by: subject }));
    }
    const submission = await deps().store.submissions.get(id);
    if (!submission) throw new NotFoundError(`no submission '${id}'`);
    return json(200, submission);
  });

export const handler = createHandler(dependencies);
