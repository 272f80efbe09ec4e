// The catalogue plan's verdict on a source, without a server: what PATCH /admin/sources/{id} would
// set, what a source keeps for life, how tokens the API never shows are compared, and the order the
// writes run in (a source's rules name achievements, so sources come after them).
import { describe, expect, it } from 'vitest';
import { CreateSourceRequest } from '@tessera/catalogue';
import { planCatalogue, sourceDifferences, type AdminApi } from './catalogue-plan.ts';
import type { CatalogueFile } from './catalogue-file.ts';

const canvasSource = (fields: Record<string, unknown> = {}) =>
  CreateSourceRequest.parse({ id: 'canvas-main', kind: 'canvas', name: 'Canvas', issuerId: 'demo-university', rules: [{ course: '1234', achievementId: 'a1' }], ...fields });

/** The source as GET /admin/sources/{id} shows it: tokens only as `…TokenSet`, a webhook URL beside. */
const shown = (fields: Record<string, unknown> = {}) => ({
  id: 'canvas-main',
  kind: 'canvas',
  name: 'Canvas',
  issuerId: 'demo-university',
  rules: [{ course: '1234', achievementId: 'a1' }],
  webhookUrl: 'https://badges.example.edu/webhooks/canvas-main',
  createdAt: '2026-12-01T10:00:00.000Z',
  ...fields,
});

describe('sourceDifferences', () => {
  it('finds nothing when the file says what Tessera shows', () => {
    expect(sourceDifferences(canvasSource(), shown())).toEqual({ fixed: [], changed: [] });
  });

  it('names the name, rules and settings that differ, for PATCH', () => {
    // Prepare
    const desired = canvasSource({ name: 'Canvas (prod)', rules: [{ course: '1234', achievementId: 'a1', minScore: 0.7 }], rootAccountUuid: 'root-1' });

    // Act
    const { fixed, changed } = sourceDifferences(desired, shown());

    // Assess
    expect(fixed).toEqual([]);
    expect(changed).toEqual(['name', 'rules', 'rootAccountUuid']);
  });

  it('treats a different kind or issuer as fixed (a source keeps them for life)', () => {
    expect(sourceDifferences(canvasSource(), shown({ kind: 'moodle' })).fixed).toEqual(['kind']);
    expect(sourceDifferences(canvasSource(), shown({ issuerId: 'other-university' })).fixed).toEqual(['issuerId']);
  });

  it('reads a source stored before kinds existed as generic', () => {
    const generic = CreateSourceRequest.parse({ id: 'canvas-main', kind: 'generic', name: 'Canvas' });
    expect(sourceDifferences(generic, shown({ kind: undefined, issuerId: undefined, rules: [] })).fixed).toEqual([]);
  });

  it('leaves fields the file leaves out as they are (an issuer, a setting)', () => {
    const desired = CreateSourceRequest.parse({ id: 'canvas-main', kind: 'canvas', name: 'Canvas', rules: [{ course: '1234', achievementId: 'a1' }] });
    expect(sourceDifferences(desired, shown({ jwksUrl: 'https://keys.example.edu/jwks' }))).toEqual({ fixed: [], changed: [] });
  });

  it('sends a token when Tessera has none, and not again once one is set', () => {
    // Prepare
    const desired = canvasSource({ apiUrl: 'https://canvas.example.edu', apiToken: 'token-1' });

    // Act
    const first = sourceDifferences(desired, shown());
    const then = sourceDifferences(desired, shown({ apiUrl: 'https://canvas.example.edu', apiTokenSet: true }));

    // Assess
    expect(first.changed).toEqual(['apiUrl', 'apiToken']);
    expect(then.changed).toEqual([]);
  });

  it('sends the token again with a changed URL (a new endpoint wants its own token)', () => {
    const desired = CreateSourceRequest.parse({ id: 'm', kind: 'moodle', name: 'Moodle', wsUrl: 'https://moodle-new.example.edu/webservice/rest/server.php', wsToken: 'ws-2' });
    const current = { id: 'm', kind: 'moodle', name: 'Moodle', rules: [], wsUrl: 'https://moodle.example.edu/webservice/rest/server.php', wsTokenSet: true };
    expect(sourceDifferences(desired, current).changed).toEqual(['wsUrl', 'wsToken']);
  });
});

describe('planCatalogue', () => {
  /** An admin API over a map of entities, recording the writes in the order they are made. */
  function memoryApi(entities: Record<string, Record<string, unknown>>) {
    const writes: string[] = [];
    const api: AdminApi = {
      get: async (path) => entities[path],
      send: async (method, path, body) => {
        writes.push(`${method} ${path}`);
        if ('json' in body) entities[method === 'POST' ? `${path}/${encodeURIComponent(String((body.json as { id: string }).id))}` : path] = body.json as Record<string, unknown>;
        return { webhookUrl: `https://badges.example.edu/webhooks/x` };
      },
    };
    return { api, writes };
  }

  const file = (sources: CatalogueFile['sources']): CatalogueFile => ({
    frameworks: [],
    sources,
    achievements: [{ desired: { id: 'a1' } as CatalogueFile['achievements'][number]['desired'], body: { id: 'a1', name: 'A1' } }],
    stacks: [],
  });

  it('applies sources after the achievements their rules name', async () => {
    // Prepare
    const { api, writes } = memoryApi({});
    const changes = await planCatalogue(api, file([canvasSource()]));

    // Act
    for (const change of changes) await change.write?.();

    // Assess
    expect(changes.map((c) => `${c.kind} ${c.id} ${c.action}`)).toEqual(['achievement a1 create', 'source canvas-main create']);
    expect(writes).toEqual(['POST /admin/achievements', 'POST /admin/sources']);
  });

  it('patches a differing source with only the fields that differ', async () => {
    // Prepare
    const { api } = memoryApi({ '/admin/achievements/a1': { id: 'a1' }, '/admin/sources/canvas-main': shown() });
    const sent: unknown[] = [];
    const recording: AdminApi = { get: api.get, send: async (method, path, body) => (sent.push({ method, path, body }), api.send(method, path, body)) };
    const [, source] = await planCatalogue(recording, file([canvasSource({ name: 'Canvas (prod)' })]));

    // Act
    await source!.write!();

    // Assess
    expect(source).toMatchObject({ action: 'update', fields: ['name'] });
    expect(sent).toEqual([{ method: 'PATCH', path: '/admin/sources/canvas-main', body: { json: { name: 'Canvas (prod)' } } }]);
  });

  it('plans a source whose kind changed as a conflict with nothing to write', async () => {
    const { api } = memoryApi({ '/admin/sources/canvas-main': shown({ kind: 'caliper' }) });
    const [, source] = await planCatalogue(api, file([canvasSource()]));
    expect(source).toMatchObject({ action: 'conflict', fields: ['kind'], reason: expect.stringContaining('keeps for life') });
    expect(source!.write).toBeUndefined();
  });
});
