// Skills frameworks: imported from a 1EdTech CASE 1.0 package (JSON) or a CSV, kept with stable item
// ids (re-importing updates in place), and read back for the skills an achievement aligns to.
import { CasePackage, parseCasePackage, parseFrameworkCsv, type Actor, type Framework } from '@tessera/catalogue';
import { NotFoundError, ValidationError, parseWith, publicUrl, type Clock, type Config } from '@tessera/core';
import type { StoredFramework, Store } from '@tessera/store';
import * as z from 'zod';
import { json } from '../shared/http.ts';
import type { AdminRoutes } from '../shared/admin-router.ts';

export type FrameworkDeps = { store: Store; clock: Clock; config: Pick<Config, 'publicBaseUrl'> };

/** Stores the framework (created, or updated in place) and audits the import. */
export async function importFramework(deps: FrameworkDeps, actor: Actor, framework: Framework): Promise<{ framework: StoredFramework; created: boolean }> {
  const meta = { importedAt: deps.clock.now().toISOString(), importedBy: actor.id };
  const { created } = await deps.store.frameworks.put(framework, meta);
  await deps.store.audit.append({
    actor: actor.id,
    roles: actor.roles,
    action: 'framework.imported',
    entity: 'framework',
    entityId: framework.id,
    summary: `${created ? 'imported' : 're-imported'} "${framework.title}" with ${framework.items.length} items`,
  });
  return { framework: { ...framework, ...meta, itemCount: framework.items.length }, created };
}

/** Where a CSV item without a `url` column points: the framework on the admin API has no public
 *  page yet, so an item is named as a fragment of the framework's URL under the public origin. */
export function csvItemUrl(publicBaseUrl: string, frameworkId: string) {
  return ({ id }: { id: string }) => `${publicUrl(publicBaseUrl, `frameworks/${encodeURIComponent(frameworkId)}`)}#${encodeURIComponent(id)}`;
}

const FRAMEWORK_ID = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1 to 64 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit');
const CsvQuery = z.object({ id: FRAMEWORK_ID, title: z.string().trim().min(1).max(200) }).strict();

/** The request body as a framework: JSON is a CASE package, `text/csv` a CSV with id and title in the query. */
export function frameworkFromRequest(request: { body: string; contentType: string; query: Record<string, string>; publicBaseUrl: string }): Framework {
  if (request.contentType === 'text/csv') {
    const { id, title } = parseWith(CsvQuery, request.query, 'CSV import query (?id=&title=)');
    return parseFrameworkCsv(request.body, { id, title, itemUrl: csvItemUrl(request.publicBaseUrl, id) });
  }
  if (request.contentType !== 'application/json' && request.contentType !== '') {
    throw new ValidationError(`a framework is a CASE package (application/json) or a CSV (text/csv), not ${request.contentType}`, [
      { path: 'Content-Type', message: 'use application/json or text/csv' },
    ]);
  }
  let value: unknown;
  try {
    value = JSON.parse(request.body);
  } catch (error) {
    throw new ValidationError('CASE package is not valid JSON', [{ path: '(root)', message: 'expected a JSON object {CFDocument, CFItems, CFAssociations}' }], error);
  }
  return parseCasePackage(value);
}

/** An item as the API shows it. */
const itemView = ({ id, code, name, url }: Framework['items'][number]) => ({ id, code, name, url });

export const frameworkRoutes: AdminRoutes = {
  'POST /admin/frameworks': {
    action: 'framework.import',
    summary: 'Import (or re-import in place) a skills framework: a CASE 1.0 package, or a CSV with ?id=&title=',
    request: { body: CasePackage, bodyTypes: ['application/json', 'text/csv'] },
    async handle({ deps, actor, body, contentType, query }) {
      const framework = frameworkFromRequest({ body, contentType, query, publicBaseUrl: deps.config.publicBaseUrl });
      const { created } = await importFramework(deps, actor, framework);
      return json(created ? 201 : 200, { id: framework.id, title: framework.title, items: framework.items.map(itemView) });
    },
  },
  'GET /admin/frameworks': {
    action: 'catalogue.read',
    summary: 'List the skills frameworks',
    async handle({ deps }) {
      return json(200, { frameworks: await deps.store.frameworks.list() });
    },
  },
  'GET /admin/frameworks/{id}': {
    action: 'catalogue.read',
    summary: 'Read a skills framework with its items',
    async handle({ deps, params }) {
      const framework = await deps.store.frameworks.get(params.id ?? '');
      if (!framework) throw new NotFoundError(`no framework '${params.id}'`);
      return json(200, { id: framework.id, title: framework.title, ...(framework.sourceUri ? { sourceUri: framework.sourceUri } : {}), items: framework.items.map(itemView) });
    },
  },
};
