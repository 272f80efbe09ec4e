// Where a submission stands (with its audit trail) and what the reconciler would repair now.
import { NotFoundError } from '@tessera/core';
import { json } from '../shared/http.ts';
import { findStuck } from '../reconcile/reconcile.ts';
import type { AdminRoutes } from '../shared/admin-router.ts';

export const submissionRoutes: AdminRoutes = {
  'GET /admin/submissions/{id}': {
    action: 'submission.read',
    summary: 'Where a submission stands: its status, history, review and credential',
    async handle({ deps, params }) {
      const submission = await deps.store.submissions.get(params.id ?? '');
      if (!submission) throw new NotFoundError(`no submission '${params.id}'`);
      return json(200, submission);
    },
  },
  'GET /admin/reports/stuck': {
    action: 'report.read',
    summary: 'Open submissions the reconciler would repair now, and why',
    handle: async ({ deps }) => json(200, await findStuck(deps)),
  },
};
