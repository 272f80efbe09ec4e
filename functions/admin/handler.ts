// The admin API: GET /admin/submissions/{id} (where a submission stands, with its audit trail),
// GET /admin/reports/stuck (what the reconciler would repair now, and why) and
// POST /admin/credentials/{id}/{revoke|suspend|unsuspend} with a JSON {reason}.
import { CredentialStatusRequest, NotFoundError, parseJsonWith, type CredentialStatusAction } from '@tessera/core';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { httpHandler, json, rawBody } from '../shared/http.ts';
import { findStuck } from '../reconcile/reconcile.ts';
import { changeCredentialStatus } from './credential-status.ts';

const STATUS_ACTION_ROUTES: Record<string, CredentialStatusAction> = {
  '/admin/credentials/{id}/revoke': 'revoke',
  '/admin/credentials/{id}/suspend': 'suspend',
  '/admin/credentials/{id}/unsuspend': 'unsuspend',
};

export const createHandler = (deps: () => Dependencies) =>
  httpHandler(async (event) => {
    const { subject } = deps().adminAuthenticator.authorize(event, 'admin');
    const id = event.pathParameters?.id ?? '';
    if (event.resource === '/admin/reports/stuck') return json(200, await findStuck(deps()));
    const action = STATUS_ACTION_ROUTES[event.resource];
    if (action) {
      const { reason } = parseJsonWith(CredentialStatusRequest, rawBody(event), 'status change (send {"reason": "..."})');
      return json(200, await changeCredentialStatus(deps(), { credentialId: id, action, reason, by: subject }));
    }
    const submission = await deps().store.submissions.get(id);
    if (!submission) throw new NotFoundError(`no submission '${id}'`);
    return json(200, submission);
  });

export const handler = createHandler(dependencies);
