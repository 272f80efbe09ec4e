// The audit log, read-only: pages of hash-chained entries (`npx tessera audit verify` walks them all
// and recomputes the chain). Nothing in Tessera edits or deletes an entry.
import { AuditQuery } from '@tessera/catalogue';
import { parseWith } from '@tessera/core';
import { json } from '../shared/http.ts';
import type { AdminRoutes } from '../shared/admin-router.ts';

export const auditRoutes: AdminRoutes = {
  'GET /admin/audit': {
    action: 'audit.read',
    summary: 'A page of the hash-chained audit log, optionally of one entity or since a time',
    request: { query: AuditQuery },
    async handle({ deps, query }) {
      const options = parseWith(AuditQuery, query, 'audit query');
      const page = await deps.store.audit.list(options);
      return json(200, { ...page, head: (await deps.store.audit.head()) ?? null });
    },
  },
};
