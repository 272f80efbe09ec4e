// GET /admin/submissions/{id}: where a submission stands, with its audit trail.
import { NotFoundError } from '@tessera/core';
import { authorizeAdmin } from '../shared/admin-auth.ts';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { httpHandler, json } from '../shared/http.ts';

export const createHandler = (deps: () => Dependencies) =>
  httpHandler(async (event) => {
    authorizeAdmin(event, deps().config);
    const id = event.pathParameters?.id ?? '';
    const submission = await deps().store.submissions.get(id);
    if (!submission) throw new NotFoundError(`no submission '${id}'`);
    return json(200, submission);
  });

export const handler = createHandler(dependencies);
