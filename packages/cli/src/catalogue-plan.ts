// What applying a catalogue file would change, entry by entry, found by reading each entry through
// the admin API and comparing it with the file: create, update (naming the fields) or unchanged.
// Applying runs exactly those writes, in dependency order (frameworks, achievements, sources whose
// rules name them, stacks). It never publishes: a draft it creates or edits waits for a second person.
import { canonicalJson } from '@tessera/catalogue';
import type { CatalogueFile, FrameworkUpload } from './catalogue-file.ts';

/** The admin API refused a request: its status and the error body it answered with. */
export class AdminApiError extends Error {
  override name = 'AdminApiError';
  constructor(
    readonly status: number,
    readonly body: { error?: string; message?: string; details?: { path: string; message: string }[] },
    what: string,
  ) {
    const details = (body.details ?? []).map((d) => `\n    ${d.path}: ${d.message}`).join('');
    super(`${what} answered ${status}: ${body.message ?? body.error ?? 'no message'}${details}`);
  }
}

type Json = Record<string, unknown>;

export type AdminApi = {
  /** The entity, or undefined on 404. */
  get(path: string): Promise<Json | undefined>;
  send(method: 'POST' | 'PATCH', path: string, body: { json: unknown } | { text: string; contentType: string }): Promise<Json>;
};

export function adminApi(baseUrl: string, token: string): AdminApi {
  const call = async (method: string, path: string, init: { body?: string; contentType?: string } = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(init.contentType ? { 'Content-Type': init.contentType } : {}) },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const body = (await response.json().catch(() => ({}))) as Json;
    return { status: response.status, body };
  };
  return {
    async get(path) {
      const { status, body } = await call('GET', path);
      if (status === 404) return undefined;
      if (status !== 200) throw new AdminApiError(status, body, `GET ${path}`);
      return body;
    },
    async send(method, path, body) {
      const init = 'json' in body ? { body: JSON.stringify(body.json), contentType: 'application/json' } : { body: body.text, contentType: body.contentType };
      const { status, body: answer } = await call(method, path, init);
      if (status < 200 || status > 299) throw new AdminApiError(status, answer, `${method} ${path}`);
      return answer;
    },
  };
}

export type EntryKind = 'framework' | 'source' | 'achievement' | 'stack';

export type Change = {
  kind: EntryKind;
  id: string;
  action: 'create' | 'update' | 'unchanged' | 'conflict';
  /** update: the fields that differ; conflict: why it cannot be applied. */
  fields?: string[];
  reason?: string;
  /** Whether the entry will have a draft waiting for publication after this change. */
  awaitsPublication?: boolean;
  /** The write, for create and update; resolves to a line worth printing (a source's secret), if any. */
  write?: () => Promise<string | undefined>;
};

const path = (...segments: string[]) => `/admin/${segments.map(encodeURIComponent).join('/')}`;
const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
/** The keys of `desired` (but `id`) whose value differs from `current`'s. */
const differing = (desired: Json, current: Json) => Object.keys(desired).filter((key) => key !== 'id' && desired[key] !== undefined && !same(desired[key], current[key]));
const pick = (value: Json, keys: string[]) => Object.fromEntries(keys.map((key) => [key, value[key]]));

function uploadOf(upload: FrameworkUpload) {
  return upload.kind === 'csv'
    ? { path: `/admin/frameworks?id=${encodeURIComponent(upload.id)}&title=${encodeURIComponent(upload.title)}`, body: { text: upload.csv, contentType: 'text/csv' } }
    : { path: '/admin/frameworks', body: { text: upload.json, contentType: 'application/json' } };
}

async function planFramework(api: AdminApi, { framework, upload }: CatalogueFile['frameworks'][number]): Promise<Change> {
  const change = { kind: 'framework' as const, id: framework.id };
  const write = async () => {
    const { path: uploadPath, body } = uploadOf(upload);
    await api.send('POST', uploadPath, body);
    return undefined;
  };
  const current = await api.get(path('frameworks', framework.id));
  if (!current) return { ...change, action: 'create', write };
  // What the API shows of a framework: its title and each item's id, code and name.
  const itemsOf = (items: unknown) => ((items ?? []) as Json[]).map(({ id, code, name }) => ({ id, code, name })).sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const fields = [...(same(framework.title, current.title) ? [] : ['title']), ...(same(itemsOf(framework.items), itemsOf(current.items)) ? [] : ['items'])];
  return fields.length ? { ...change, action: 'update', fields, write } : { ...change, action: 'unchanged' };
}

/** Platform tokens a source may hold, with the URL each goes to. The API never shows a token, only
 *  that one is set (`apiTokenSet`): a token in the file is compared by being set or not. */
const SOURCE_TOKENS = [
  { token: 'apiToken', url: 'apiUrl', shown: 'apiTokenSet' },
  { token: 'wsToken', url: 'wsUrl', shown: 'wsTokenSet' },
] as const;

/** What differs between a source in the file and the one Tessera has: `fixed` are the fields a source
 *  keeps for life (its kind, its issuer), `changed` the ones PATCH /admin/sources/{id} sets. Fields the
 *  file leaves out stay as they are. Pure, so each case is tested without a server. */
export function sourceDifferences(desired: CatalogueFile['sources'][number], current: Json): { fixed: string[]; changed: string[] } {
  const fixed = [
    ...(desired.kind === (current.kind ?? 'generic') ? [] : ['kind']),
    ...(desired.issuerId !== undefined && desired.issuerId !== current.issuerId ? ['issuerId'] : []),
  ];
  const wanted = desired as Json;
  const tokens = SOURCE_TOKENS.map((t) => t.token as string);
  const changed = differing(wanted, current).filter((key) => key !== 'kind' && key !== 'issuerId' && !tokens.includes(key));
  for (const { token, url, shown } of SOURCE_TOKENS) {
    // A token goes along when Tessera has none, or when its URL changes (a new endpoint, a new token).
    if (wanted[token] !== undefined && (current[shown] !== true || changed.includes(url))) changed.push(token);
  }
  return { fixed, changed };
}

async function planSource(api: AdminApi, source: CatalogueFile['sources'][number]): Promise<Change> {
  const change = { kind: 'source' as const, id: source.id };
  const current = await api.get(path('sources', source.id));
  if (!current) {
    return {
      ...change,
      action: 'create',
      write: async () => {
        const created = await api.send('POST', '/admin/sources', { json: source });
        // Canvas has no secret (it signs with Instructure's keys); Open edX's is inside its webhook URL.
        const secret = created.secret === undefined ? '' : `secret ${String(created.secret)} (shown once: give it to the LMS now) · `;
        return `${secret}webhook ${String(created.webhookUrl)}`;
      },
    };
  }
  const { fixed, changed } = sourceDifferences(source, current);
  if (fixed.length) return { ...change, action: 'conflict', fields: fixed, reason: `differs in ${fixed.join(', ')}, which a source keeps for life: create one under a new id` };
  if (!changed.length) return { ...change, action: 'unchanged' };
  return {
    ...change,
    action: 'update',
    fields: changed,
    // The PATCH names only what differs: the secret, the events log and the learner directory stay.
    write: async () => (await api.send('PATCH', path('sources', source.id), { json: pick(source, changed) }), undefined),
  };
}

async function planAchievement(api: AdminApi, { desired, body }: CatalogueFile['achievements'][number]): Promise<Change> {
  const change = { kind: 'achievement' as const, id: desired.id };
  const current = await api.get(path('achievements', desired.id));
  if (!current) return { ...change, action: 'create', awaitsPublication: true, write: async () => (await api.send('POST', '/admin/achievements', { json: body }), undefined) };
  // The view is the open draft if there is one, else the version that issues: fields the file leaves out stay as they are.
  const fields = differing(desired, current);
  if (!fields.length) return { ...change, action: 'unchanged', awaitsPublication: current.status === 'draft' };
  return {
    ...change,
    action: 'update',
    fields,
    awaitsPublication: true,
    write: async () => (await api.send('PATCH', path('achievements', desired.id), { json: pick(body, fields) }), undefined),
  };
}

async function planStack(api: AdminApi, stack: CatalogueFile['stacks'][number]): Promise<Change> {
  const change = { kind: 'stack' as const, id: stack.id };
  const current = await api.get(path('stacks', stack.id));
  if (!current) return { ...change, action: 'create', awaitsPublication: true, write: async () => (await api.send('POST', '/admin/stacks', { json: stack }), undefined) };
  // The view is the version in force with the open draft beside it (or, never published, the draft).
  const base = (current.draft as Json | undefined) ?? current;
  const fields = differing(stack, base);
  if (!fields.length) return { ...change, action: 'unchanged', awaitsPublication: base.status === 'draft' };
  return {
    ...change,
    action: 'update',
    fields,
    awaitsPublication: true,
    write: async () => (await api.send('PATCH', path('stacks', stack.id), { json: pick(stack, fields) }), undefined),
  };
}

/** Every entry of the file with what applying it would do, in the order it would be applied. */
export async function planCatalogue(api: AdminApi, file: CatalogueFile): Promise<Change[]> {
  const changes: Change[] = [];
  for (const entry of file.frameworks) changes.push(await planFramework(api, entry));
  for (const entry of file.achievements) changes.push(await planAchievement(api, entry));
  // After the achievements: a source's rules must name achievements that exist (drafts will do).
  for (const entry of file.sources) changes.push(await planSource(api, entry));
  for (const entry of file.stacks) changes.push(await planStack(api, entry));
  return changes;
}
