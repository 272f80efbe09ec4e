// The catalogue in the console: achievements and stacks by status, forms to draft and edit them
// (validation messages beside each field, from the admin API's own zod schemas), publish and
// retire buttons under the four-eyes rule, and frameworks (sources: sources.ts). Every change goes through the
// admin API's cores (functions/catalogue/*.ts), so the rules live in one place.
import { CreateAchievementRequest, mayPublish, type AchievementStatus } from '@tessera/catalogue';
import { detailsFromZod, h, NotFoundError, TesseraError, type ErrorDetail, type SafeHtml } from '@tessera/core';
import type { Translator } from '@tessera/i18n';
import { createAchievement, editAchievement, publishAchievement, retireAchievement, viewAchievement, type AchievementView } from '../catalogue/achievements.ts';
import { CATALOGUE_ROUTES } from '../catalogue/routes.ts';
import { csrfField, may, type PageContext } from './layout.ts';
import { ok, redirect, signedIn, type ConsoleRoute, type SignedInCall } from './router.ts';
import { fieldError } from './submissions.ts';

const STATUSES: readonly AchievementStatus[] = ['draft', 'published', 'retired'];
const lines = (value: string | null) =>
  (value ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const statusLabel = (t: Translator, status: string) => t.t('console.catalogueStatus', { status });

// ---- Achievements -------------------------------------------------------------------------------

/** The form's fields, and where each sits in the admin API's request (for the messages beside them). */
const ACHIEVEMENT_FIELDS: readonly { name: string; paths: string[] }[] = [
  { name: 'id', paths: ['id'] },
  { name: 'issuerId', paths: ['issuerId'] },
  { name: 'name', paths: ['name'] },
  { name: 'description', paths: ['description'] },
  { name: 'criteria', paths: ['criteria'] },
  { name: 'learningOutcomes', paths: ['learningOutcomes'] },
  { name: 'workloadHours', paths: ['workload'] },
  { name: 'eqfLevel', paths: ['level'] },
  { name: 'reviewPolicy', paths: ['review.policy'] },
  { name: 'reviewers', paths: ['review.reviewers'] },
  { name: 'reviewTimeoutHours', paths: ['review.timeoutHours', 'review'] },
];

/** Errors by form field: each detail goes to the field whose request path it is under (the first that matches). */
function errorsByField(details: ErrorDetail[]): ErrorDetail[] {
  return details.map((d) => {
    const field = ACHIEVEMENT_FIELDS.find((f) => f.paths.some((p) => d.path === p || d.path.startsWith(`${p}.`)));
    return { path: field?.name ?? 'form', message: d.message };
  });
}

/** The admin API's request body from the form: empty optional fields are left out (or, on an edit, removed with null). */
function achievementFromForm(form: URLSearchParams, edit: boolean): Record<string, unknown> {
  const gone = edit ? null : undefined;
  const text = (name: string) => (form.get(name) ?? '').trim();
  const number = (name: string) => (text(name) === '' ? undefined : Number(text(name)));
  const body: Record<string, unknown> = {
    issuerId: text('issuerId'),
    name: text('name'),
    description: text('description') || gone,
    criteria: text('criteria') ? { narrative: text('criteria') } : gone,
    learningOutcomes: lines(form.get('learningOutcomes')).length ? lines(form.get('learningOutcomes')) : gone,
    workload: number('workloadHours') !== undefined ? { hours: number('workloadHours') } : gone,
    level: number('eqfLevel') !== undefined ? { framework: 'EQF', value: number('eqfLevel') } : gone,
    review: text('reviewPolicy') ? { policy: text('reviewPolicy'), reviewers: lines(form.get('reviewers')), timeoutHours: number('reviewTimeoutHours') ?? 168 } : gone,
  };
  if (!edit) body.id = text('id');
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

function formValues(view: AchievementView | undefined, form?: URLSearchParams): Record<string, string> {
  if (form) return Object.fromEntries(form);
  if (!view) return { reviewPolicy: 'manual', reviewTimeoutHours: '168' };
  return {
    id: view.id,
    issuerId: view.issuerId,
    name: view.name,
    description: view.description ?? '',
    criteria: view.criteria?.narrative ?? '',
    learningOutcomes: (view.learningOutcomes ?? []).join('\n'),
    workloadHours: view.workload ? String(view.workload.hours) : '',
    eqfLevel: view.level?.framework === 'EQF' ? String(view.level.value) : '',
    reviewPolicy: view.review?.policy ?? '',
    reviewers: (view.review?.reviewers ?? []).join('\n'),
    reviewTimeoutHours: view.review ? String(view.review.timeoutHours) : '',
  };
}

export function achievementForm(page: PageContext, t: Translator, action: string, values: Record<string, string>, errors: ErrorDetail[], creating: boolean): SafeHtml {
  const input = (name: string, label: string, type = 'text', extra: SafeHtml = h``) => {
    const e = fieldError(errors, name);
    return h`<label for="${name}">${label}</label><input type="${type}" id="${name}" name="${name}" value="${values[name] ?? ''}"${extra}${e.attributes}>${e.message}`;
  };
  const area = (name: string, label: string, hint?: string) => {
    const e = fieldError(errors, name);
    const hintId = `${name}-hint`;
    return h`<label for="${name}">${label}</label>${hint ? h`<p id="${hintId}" class="muted">${hint}</p>` : ''}<textarea id="${name}" name="${name}"${hint && !e.message.value ? h` aria-describedby="${hintId}"` : ''}${e.attributes}>${values[name] ?? ''}</textarea>${e.message}`;
  };
  const policy = fieldError(errors, 'reviewPolicy');
  const general = errors.filter((e) => e.path === 'form');
  return h`<form method="post" action="${action}" class="card" novalidate>${csrfField(page.csrf)}
${general.length ? h`<div role="alert" class="error">${general.map((e) => h`<p>${e.message}</p>`)}</div>` : ''}
${creating ? input('id', t.t('console.fieldId')) : ''}
${input('issuerId', t.t('console.fieldIssuer'))}
${input('name', t.t('console.fieldName'))}
${area('description', t.t('console.fieldDescription'))}
${area('criteria', t.t('console.criteria'))}
${area('learningOutcomes', t.t('console.fieldOutcomes'), t.t('console.onePerLine'))}
${input('workloadHours', t.t('console.fieldWorkload'), 'number', h` min="0" step="any"`)}
${input('eqfLevel', t.t('console.fieldEqf'), 'number', h` min="1" max="8"`)}
<label for="reviewPolicy">${t.t('console.fieldPolicy')}</label><select id="reviewPolicy" name="reviewPolicy"${policy.attributes}>
${['', 'manual', 'auto'].map((p) => h`<option value="${p}"${values.reviewPolicy === p ? h` selected` : ''}>${t.t('console.policy', { policy: p || 'none' })}</option>`)}</select>${policy.message}
${area('reviewers', t.t('console.fieldReviewers'), t.t('console.onePerLine'))}
${input('reviewTimeoutHours', t.t('console.fieldTimeout'), 'number', h` min="1"`)}
<p><button type="submit" class="primary">${creating ? t.t('console.createDraft') : t.t('console.saveDraft')}</button></p>
</form>`;
}

/** Re-renders a form with the admin API's refusal beside each field (400 or 422, nothing stored). */
function refused(error: unknown): ErrorDetail[] | undefined {
  if (!(error instanceof TesseraError) || (error.status !== 400 && error.status !== 422)) return undefined;
  return errorsByField(error.details.length ? error.details : [{ path: 'form', message: error.message }]);
}

async function achievementList(call: SignedInCall) {
  const { t, deps, page } = call;
  const listings = await deps.store.achievements.list();
  const sections = STATUSES.map((status) => {
    const rows = listings.filter((l) => l.status === status);
    return h`<h2 id="status-${status}">${statusLabel(t, status)} (${rows.length})</h2>
${
  rows.length
    ? h`<table aria-labelledby="status-${status}"><thead><tr><th scope="col">${t.t('console.fieldName')}</th><th scope="col">${t.t('console.fieldId')}</th><th scope="col">${t.t('console.version')}</th></tr></thead>
<tbody>${rows.map((l) => h`<tr><td><a href="/console/achievements/${encodeURIComponent(l.id)}">${l.name}</a></td><td>${l.id}</td><td>${l.version ?? ''}</td></tr>`)}</tbody></table>`
    : h`<p class="muted">${t.t('console.none')}</p>`
}`;
  });
  const create = may(page.session, 'achievement.draft') ? h`<p><a href="/console/achievements/new">${t.t('console.newAchievement')}</a></p>` : '';
  return ok(page, t.t('console.achievementsTitle'), h`${create}${sections}`);
}

async function achievementPage(call: SignedInCall, status = 200, errors: ErrorDetail[] = []) {
  const { t, deps, page } = call;
  const id = call.params.id!;
  const view = await viewAchievement(deps, id);
  const session = call.signedIn.session;
  const fourEyes = view.status === 'draft' ? mayPublish(call.signedIn.actor, { kind: 'achievement', updatedBy: view.updatedBy ?? '' }) : undefined;
  const publish =
    view.status === 'draft' && may(session, 'achievement.publish')
      ? fourEyes?.ok
        ? h`<form method="post" action="/console/achievements/${encodeURIComponent(id)}/publish" class="inline">${csrfField(page.csrf)}<button type="submit" class="primary">${t.t('console.publish')}</button></form>`
        : h`<p class="notice">${t.t('console.fourEyes')}</p>`
      : '';
  const issuingNow = view.status === 'published' || view.issuing?.status === 'published';
  const retire =
    issuingNow && may(session, 'achievement.retire')
      ? h`<form method="post" action="/console/achievements/${encodeURIComponent(id)}/retire" class="inline">${csrfField(page.csrf)}<button type="submit" class="danger">${t.t('console.retire')}</button></form>`
      : '';
  const edit = may(session, 'achievement.draft')
    ? h`<h2>${view.status === 'draft' ? t.t('console.editDraft') : t.t('console.openDraft')}</h2>${achievementForm(page, t, `/console/achievements/${encodeURIComponent(id)}`, formValues(view, errors.length ? call.form : undefined), errors, false)}`
    : '';
  const body = h`<div class="card"><dl>
<dt>${t.t('console.searchStatus')}</dt><dd>${statusLabel(t, view.status)} · ${t.t('console.version')} ${view.version}${view.issuing ? h` (${t.t('console.issuingVersion', { version: view.issuing.version })})` : ''}</dd>
<dt>${t.t('console.lastEditor')}</dt><dd>${view.updatedBy ?? '—'}</dd>
<dt>${t.t('console.fieldDescription')}</dt><dd>${view.description ?? '—'}</dd>
<dt>${t.t('console.criteria')}</dt><dd>${view.criteria?.narrative ?? '—'}</dd>
</dl>${publish}${retire}</div>${edit}`;
  return ok(page, view.name, body, status);
}

// ---- Stacks -------------------------------------------------------------------------------------

/** Runs the admin API's own stack route (its checks, its store calls, its audit) as the signed-in person. */
async function stackRoute(call: SignedInCall, key: string, params: Record<string, string>, body: unknown = {}): Promise<Record<string, unknown>> {
  const route = CATALOGUE_ROUTES[key];
  if (!route) throw new NotFoundError(`no route ${key}`);
  const response = await route.handle({
    deps: call.deps,
    actor: call.signedIn.actor,
    request: call.event,
    params,
    query: {},
    body: JSON.stringify(body),
    contentType: 'application/json',
  });
  return JSON.parse(response.body) as Record<string, unknown>;
}

type StackView = {
  id: string;
  name: string;
  description: string;
  issuerId: string;
  achievementIds: string[];
  requires: 'all' | { atLeast: number };
  awards: string;
  status: string;
  version: number;
  updatedBy: string;
  draft?: StackView;
};

function stackFromForm(form: URLSearchParams): Record<string, unknown> {
  const atLeast = (form.get('atLeast') ?? '').trim();
  return {
    id: (form.get('id') ?? '').trim(),
    name: (form.get('name') ?? '').trim(),
    description: (form.get('description') ?? '').trim(),
    issuerId: (form.get('issuerId') ?? '').trim(),
    achievementIds: lines(form.get('achievementIds')),
    requires: atLeast ? { atLeast: Number(atLeast) } : 'all',
    awards: (form.get('awards') ?? '').trim(),
  };
}

function stackForm(page: PageContext, t: Translator, action: string, values: Record<string, string>, errors: ErrorDetail[], creating: boolean): SafeHtml {
  const field = (name: string, label: string, kind: 'input' | 'area' = 'input', hint?: string) => {
    const e = fieldError(errors, name);
    return kind === 'area'
      ? h`<label for="${name}">${label}</label>${hint ? h`<p class="muted" id="${name}-hint">${hint}</p>` : ''}<textarea id="${name}" name="${name}"${hint && !e.message.value ? h` aria-describedby="${name}-hint"` : ''}${e.attributes}>${values[name] ?? ''}</textarea>${e.message}`
      : h`<label for="${name}">${label}</label><input type="text" id="${name}" name="${name}" value="${values[name] ?? ''}"${e.attributes}>${e.message}`;
  };
  const general = errors.filter((e) => e.path === 'form' || e.path === '(root)');
  return h`<form method="post" action="${action}" class="card" novalidate>${csrfField(page.csrf)}
${general.length ? h`<div role="alert" class="error">${general.map((e) => h`<p>${e.message}</p>`)}</div>` : ''}
${creating ? field('id', t.t('console.fieldId')) : h`<input type="hidden" name="id" value="${values.id ?? ''}">`}
${field('name', t.t('console.fieldName'))}
${field('description', t.t('console.fieldDescription'), 'area')}
${field('issuerId', t.t('console.fieldIssuer'))}
${field('achievementIds', t.t('console.fieldComponents'), 'area', t.t('console.onePerLine'))}
${field('atLeast', t.t('console.fieldAtLeast'))}
${field('awards', t.t('console.fieldAwards'))}
<p><button type="submit" class="primary">${creating ? t.t('console.createDraft') : t.t('console.saveDraft')}</button></p></form>`;
}

const stackValues = (s: StackView | undefined): Record<string, string> =>
  s
    ? {
        id: s.id,
        name: s.name,
        description: s.description,
        issuerId: s.issuerId,
        achievementIds: s.achievementIds.join('\n'),
        atLeast: typeof s.requires === 'object' ? String(s.requires.atLeast) : '',
        awards: s.awards,
      }
    : {};

const stackErrors = (details: ErrorDetail[]) =>
  details.map((d) => ({ path: d.path.split('.')[0] === 'requires' ? 'atLeast' : d.path.split('.')[0] || 'form', message: d.message }));

async function stackList(call: SignedInCall) {
  const { t, page } = call;
  const { stacks } = (await stackRoute(call, 'GET /admin/stacks', {})) as unknown as { stacks: StackView[] };
  const sections = STATUSES.map((status) => {
    const rows = stacks.filter((s) => s.status === status);
    return h`<h2 id="status-${status}">${statusLabel(t, status)} (${rows.length})</h2>${
      rows.length
        ? h`<table aria-labelledby="status-${status}"><thead><tr><th scope="col">${t.t('console.fieldName')}</th><th scope="col">${t.t('console.fieldComponents')}</th><th scope="col">${t.t('console.fieldAwards')}</th></tr></thead>
<tbody>${rows.map((s) => h`<tr><td><a href="/console/stacks/${encodeURIComponent(s.id)}">${s.name}</a></td><td>${s.achievementIds.join(', ')}</td><td>${s.awards}</td></tr>`)}</tbody></table>`
        : h`<p class="muted">${t.t('console.none')}</p>`
    }`;
  });
  const create = may(page.session, 'stack.draft') ? h`<p><a href="/console/stacks/new">${t.t('console.newStack')}</a></p>` : '';
  return ok(page, t.t('console.stacksTitle'), h`${create}${sections}`);
}

async function stackPage(call: SignedInCall, status = 200, errors: ErrorDetail[] = []) {
  const { t, page } = call;
  const id = call.params.id!;
  const stack = (await stackRoute(call, 'GET /admin/stacks/{id}', { id })) as unknown as StackView;
  const draft = stack.status === 'draft' ? stack : stack.draft;
  const session = call.signedIn.session;
  const publish =
    draft && may(session, 'stack.publish')
      ? mayPublish(call.signedIn.actor, { kind: 'stack', updatedBy: draft.updatedBy }).ok
        ? h`<form method="post" action="/console/stacks/${encodeURIComponent(id)}/publish" class="inline">${csrfField(page.csrf)}<button type="submit" class="primary">${t.t('console.publish')}</button></form>`
        : h`<p class="notice">${t.t('console.fourEyes')}</p>`
      : '';
  const retire =
    stack.status === 'published' && may(session, 'stack.retire')
      ? h`<form method="post" action="/console/stacks/${encodeURIComponent(id)}/retire" class="inline">${csrfField(page.csrf)}<button type="submit" class="danger">${t.t('console.retire')}</button></form>`
      : '';
  const edit = may(session, 'stack.draft')
    ? h`<h2>${draft ? t.t('console.editDraft') : t.t('console.openDraft')}</h2>${stackForm(page, t, `/console/stacks/${encodeURIComponent(id)}`, errors.length ? Object.fromEntries(call.form) : stackValues(draft ?? stack), errors, false)}`
    : '';
  const body = h`<div class="card"><dl>
<dt>${t.t('console.searchStatus')}</dt><dd>${statusLabel(t, stack.status)} · ${t.t('console.version')} ${stack.version}${stack.draft ? h` (${t.t('console.draftOpen', { version: stack.draft.version })})` : ''}</dd>
<dt>${t.t('console.lastEditor')}</dt><dd>${(draft ?? stack).updatedBy}</dd>
<dt>${t.t('console.fieldComponents')}</dt><dd>${stack.achievementIds.join(', ')}</dd>
<dt>${t.t('console.fieldAwards')}</dt><dd>${stack.awards}</dd>
</dl>${publish}${retire}</div>${edit}`;
  return ok(page, stack.name, body, status);
}

// ---- Frameworks ----------------------------------------------------------------------------

async function frameworkList(call: SignedInCall) {
  const { t, deps, page } = call;
  const frameworks = await deps.store.frameworks.list();
  const body = frameworks.length
    ? h`<table><caption>${t.t('console.frameworksTitle')}</caption><thead><tr><th scope="col">${t.t('console.fieldName')}</th><th scope="col">${t.t('console.fieldId')}</th><th scope="col" class="num">${t.t('console.items')}</th><th scope="col">${t.t('console.imported')}</th></tr></thead>
<tbody>${frameworks.map((f) => h`<tr><td><a href="/console/frameworks/${encodeURIComponent(f.id)}">${f.title}</a></td><td>${f.id}</td><td class="num">${t.number(f.itemCount)}</td><td>${t.date(f.importedAt)} · ${f.importedBy}</td></tr>`)}</tbody></table>`
    : h`<p>${t.t('console.none')}</p>`;
  return ok(page, t.t('console.frameworksTitle'), h`${body}<p class="muted">${t.t('console.frameworkImportHint')}</p>`);
}

async function frameworkPage(call: SignedInCall) {
  const { t, deps, page } = call;
  const framework = await deps.store.frameworks.get(call.params.id!);
  if (!framework) throw new NotFoundError(t.t('console.notFound'));
  return ok(
    page,
    framework.title,
    h`<table><caption>${t.t('console.items')}</caption><thead><tr><th scope="col">${t.t('console.code')}</th><th scope="col">${t.t('console.fieldName')}</th></tr></thead>
<tbody>${framework.items.map((i) => h`<tr><td>${i.code}</td><td><a href="${i.url}">${i.name}</a></td></tr>`)}</tbody></table>`,
  );
}

// ---- Routes ---------------------------------------------------------------------------------------

export const catalogueRoutes: ConsoleRoute[] = [
  { method: 'GET', path: '/achievements', action: 'catalogue.read', handle: signedIn(achievementList) },
  {
    method: 'GET',
    path: '/achievements/new',
    action: 'achievement.draft',
    handle: signedIn(async (call) =>
      ok(call.page, call.t.t('console.newAchievement'), achievementForm(call.page, call.t, '/console/achievements', formValues(undefined), [], true)),
    ),
  },
  {
    method: 'POST',
    path: '/achievements',
    action: 'achievement.draft',
    handle: signedIn(async (call) => {
      const { deps, t, page } = call;
      try {
        const request = CreateAchievementRequest.safeParse(achievementFromForm(call.form, false));
        if (!request.success) {
          return ok(
            page,
            t.t('console.newAchievement'),
            achievementForm(page, t, '/console/achievements', formValues(undefined, call.form), errorsByField(detailsFromZod(request.error.issues)), true),
            400,
          );
        }
        const draft = await createAchievement(deps, call.signedIn.actor, request.data);
        return redirect(`/console/achievements/${encodeURIComponent(draft.id)}`);
      } catch (error) {
        const errors = refused(error);
        if (!errors) throw error;
        return ok(
          page,
          t.t('console.newAchievement'),
          achievementForm(page, t, '/console/achievements', formValues(undefined, call.form), errors, true),
          (error as TesseraError).status,
        );
      }
    }),
  },
  { method: 'GET', path: '/achievements/{id}', action: 'catalogue.read', handle: signedIn((call) => achievementPage(call)) },
  {
    method: 'POST',
    path: '/achievements/{id}',
    action: 'achievement.draft',
    handle: signedIn(async (call) => {
      try {
        await editAchievement(call.deps, call.signedIn.actor, call.params.id!, achievementFromForm(call.form, true));
        return redirect(`/console/achievements/${encodeURIComponent(call.params.id!)}`);
      } catch (error) {
        const errors = refused(error);
        if (!errors) throw error;
        return achievementPage(call, (error as TesseraError).status, errors);
      }
    }),
  },
  {
    method: 'POST',
    path: '/achievements/{id}/publish',
    action: 'achievement.publish',
    handle: signedIn(async (call) => {
      await publishAchievement(call.deps, call.signedIn.actor, call.params.id!);
      return redirect(`/console/achievements/${encodeURIComponent(call.params.id!)}`);
    }),
  },
  {
    method: 'POST',
    path: '/achievements/{id}/retire',
    action: 'achievement.retire',
    handle: signedIn(async (call) => {
      await retireAchievement(call.deps, call.signedIn.actor, call.params.id!);
      return redirect(`/console/achievements/${encodeURIComponent(call.params.id!)}`);
    }),
  },
  { method: 'GET', path: '/stacks', action: 'catalogue.read', handle: signedIn(stackList) },
  {
    method: 'GET',
    path: '/stacks/new',
    action: 'stack.draft',
    handle: signedIn(async (call) => ok(call.page, call.t.t('console.newStack'), stackForm(call.page, call.t, '/console/stacks', {}, [], true))),
  },
  {
    method: 'POST',
    path: '/stacks',
    action: 'stack.draft',
    handle: signedIn(async (call) => {
      try {
        const created = await stackRoute(call, 'POST /admin/stacks', {}, stackFromForm(call.form));
        return redirect(`/console/stacks/${encodeURIComponent(String(created.id))}`);
      } catch (error) {
        if (!(error instanceof TesseraError) || (error.status !== 400 && error.status !== 422)) throw error;
        const errors = stackErrors(error.details.length ? error.details : [{ path: 'form', message: error.message }]);
        return ok(call.page, call.t.t('console.newStack'), stackForm(call.page, call.t, '/console/stacks', Object.fromEntries(call.form), errors, true), error.status);
      }
    }),
  },
  { method: 'GET', path: '/stacks/{id}', action: 'catalogue.read', handle: signedIn((call) => stackPage(call)) },
  {
    method: 'POST',
    path: '/stacks/{id}',
    action: 'stack.draft',
    handle: signedIn(async (call) => {
      const { id: _id, ...edit } = stackFromForm(call.form);
      try {
        await stackRoute(call, 'PATCH /admin/stacks/{id}', { id: call.params.id! }, edit);
        return redirect(`/console/stacks/${encodeURIComponent(call.params.id!)}`);
      } catch (error) {
        if (!(error instanceof TesseraError) || (error.status !== 400 && error.status !== 422)) throw error;
        return stackPage(call, error.status, stackErrors(error.details.length ? error.details : [{ path: 'form', message: error.message }]));
      }
    }),
  },
  ...(['publish', 'retire'] as const).map((step): ConsoleRoute => ({
    method: 'POST',
    path: `/stacks/{id}/${step}`,
    action: `stack.${step}`,
    handle: signedIn(async (call) => {
      await stackRoute(call, `POST /admin/stacks/{id}/${step}`, { id: call.params.id! });
      return redirect(`/console/stacks/${encodeURIComponent(call.params.id!)}`);
    }),
  })),
  { method: 'GET', path: '/frameworks', action: 'catalogue.read', handle: signedIn(frameworkList) },
  { method: 'GET', path: '/frameworks/{id}', action: 'catalogue.read', handle: signedIn(frameworkPage) },
];
