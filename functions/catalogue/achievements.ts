// Achievements in the catalogue: a draft is created and edited by a designer, published by a
// qa-manager or admin who is not its last editor (four eyes), and retired. Publishing makes the
// draft the version that issues (the store keeps a copy of each version) and puts its definition on
// the public site. The services are plain functions (the demo seed calls them too); the routes
// below only parse, call and answer.
import {
  AchievementDraft,
  CreateAchievementRequest,
  EditAchievementRequest,
  applyEdit,
  assertAllowed,
  contentOf,
  draftContent,
  mayPublish,
  publishedVersion,
  type AchievementDraftContent,
  type AchievementStatus,
  type Actor,
  type CatalogueAchievement,
  type Framework,
  type SkillRef,
} from '@tessera/catalogue';
import {
  ConflictError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
  parseJsonWith,
  parseWith,
  type Clock,
  type Config,
  type ErrorDetail,
  type PublicSite,
} from '@tessera/core';
import { publishAchievementDefinition } from '@tessera/issuance';
import type { Store } from '@tessera/store';
import * as z from 'zod';
import { json } from '../shared/http.ts';
import type { AdminRoutes } from '../shared/admin-router.ts';

/** What the achievement services need: the store (with its audit log), a clock and the public site. */
export type CatalogueDeps = { store: Store; clock: Clock; publicSite: PublicSite; config: Pick<Config, 'publicBaseUrl'> };

export async function createAchievement(deps: CatalogueDeps, actor: Actor, request: CreateAchievementRequest): Promise<AchievementDraft> {
  const { id, ...content } = request;
  await assertIssuerExists(deps, content.issuerId);
  await assertSkillsExist(deps, content.skills);
  const now = deps.clock.now().toISOString();
  const draft: AchievementDraft = { ...content, id, status: 'draft', version: 1, createdBy: actor.id, updatedBy: actor.id, updatedAt: now };
  await deps.store.achievements.saveDraft(draft, { none: true, firstVersion: true });
  await audit(deps, actor, 'achievement.created', id, `draft of "${draft.name}" (version 1)`);
  return draft;
}

/** Edits the open draft or, on a published (or retired) achievement without one, opens the next
 *  version's draft from it; the published version keeps issuing until the draft is published. */
export async function editAchievement(deps: CatalogueDeps, actor: Actor, id: string, patch: Record<string, unknown>): Promise<AchievementDraft> {
  const draft = await deps.store.achievements.getDraft(id);
  const current = draft ? undefined : await deps.store.achievements.get(id);
  if (!draft && !current) throw new NotFoundError(`no achievement '${id}'`);
  const base: AchievementDraftContent = draft ? draftContent(draft) : contentOf(current!);
  const content = applyEdit(base, patch);
  if ('issuerId' in patch) await assertIssuerExists(deps, content.issuerId);
  await assertSkillsExist(deps, content.skills);
  const now = deps.clock.now().toISOString();
  const version = draft ? draft.version : (current!.version ?? 0) + 1;
  const edited: AchievementDraft = { ...content, id, status: 'draft', version, createdBy: draft?.createdBy ?? actor.id, updatedBy: actor.id, updatedAt: now };
  await deps.store.achievements.saveDraft(edited, draft ? { updatedAt: draft.updatedAt } : { none: true });
  await audit(deps, actor, 'achievement.edited', id, `${draft ? 'edited the draft of' : 'opened a draft of'} version ${version}: ${Object.keys(patch).join(', ')}`);
  return edited;
}

/** The open draft becomes the version that issues. Refused: no draft (409), the caller is its last
 *  editor or lacks the role (403), an element missing (422 naming each). */
export async function publishAchievement(deps: CatalogueDeps, actor: Actor, id: string): Promise<CatalogueAchievement> {
  const draft = await deps.store.achievements.getDraft(id);
  if (!draft) {
    if (await deps.store.achievements.get(id)) throw new ConflictError(`achievement '${id}' has no draft to publish (edit it with PATCH to open one)`);
    throw new NotFoundError(`no achievement '${id}'`);
  }
  assertAllowed(mayPublish(actor, { kind: 'achievement', updatedBy: draft.updatedBy }));
  await assertIssuerExists(deps, draft.issuerId, UnprocessableError);
  const frameworks = await frameworksOf(deps, draft.skills ?? []);
  const published = publishedVersion(draft, { version: draft.version, publishedBy: actor.id, publishedAt: deps.clock.now().toISOString(), frameworks });
  await deps.store.achievements.publish(published, draft.updatedAt);
  await publishAchievementDefinition({ publicSite: deps.publicSite, publicBaseUrl: deps.config.publicBaseUrl }, published);
  await audit(deps, actor, 'achievement.published', id, `version ${published.version} of "${published.name}" now issues`);
  return published;
}

/** The published version stops issuing: webhooks for it are refused (422). Its credentials stay valid. */
export async function retireAchievement(deps: CatalogueDeps, actor: Actor, id: string): Promise<CatalogueAchievement> {
  const retired = await deps.store.achievements.retire(id);
  await audit(deps, actor, 'achievement.retired', id, `version ${retired.version ?? '-'} of "${retired.name}" no longer issues`);
  return retired;
}

/** An achievement as the admin API shows it: in the request's shape, with its lifecycle. */
export type AchievementView = AchievementDraftContent & {
  id: string;
  status: AchievementStatus;
  version: number;
  updatedBy?: string;
  publishedBy?: string;
  publishedAt?: string;
  updatedAt?: string;
  /** The version that issues now, when the view is of a draft or an older version. */
  issuing?: { version: number; status: 'published' | 'retired' } | null;
};

/** The open draft if there is one, else the version that issues; or version `version` exactly. */
export async function viewAchievement(deps: Pick<CatalogueDeps, 'store'>, id: string, version?: number): Promise<AchievementView> {
  if (version !== undefined) {
    const copy = await deps.store.achievements.getVersion(id, version);
    if (!copy) throw new NotFoundError(`achievement '${id}' has no published version ${version}`);
    return { ...versionView(copy), status: 'published' };
  }
  const [draft, current] = await Promise.all([deps.store.achievements.getDraft(id), deps.store.achievements.get(id)]);
  const issuing = current ? { version: current.version ?? 0, status: current.status ?? 'published' } : null;
  if (draft) {
    const { status: _status, createdBy: _createdBy, ...rest } = draft;
    return { ...rest, status: 'draft', issuing };
  }
  if (!current) throw new NotFoundError(`no achievement '${id}'`);
  return versionView(current);
}

function versionView(achievement: CatalogueAchievement): AchievementView {
  return {
    id: achievement.id,
    ...contentOf(achievement),
    status: achievement.status ?? 'published',
    version: achievement.version ?? 0,
    ...(achievement.updatedBy ? { updatedBy: achievement.updatedBy } : {}),
    ...(achievement.publishedBy ? { publishedBy: achievement.publishedBy } : {}),
    ...(achievement.publishedAt ? { publishedAt: achievement.publishedAt } : {}),
  };
}

async function assertIssuerExists(deps: CatalogueDeps, issuerId: string, Refusal: typeof UnprocessableError = UnprocessableError): Promise<void> {
  if (!(await deps.store.issuers.get(issuerId))) throw new Refusal(`unknown issuer '${issuerId}'`, [{ path: 'issuerId', message: 'no such issuer' }]);
}

/** Each skill must name an item of an imported framework: 400 naming every one that does not. */
async function assertSkillsExist(deps: CatalogueDeps, skills: readonly SkillRef[] | undefined): Promise<void> {
  const frameworks = new Map((await frameworksOf(deps, skills ?? [])).map((f) => [f.id, f]));
  const details: ErrorDetail[] = [];
  (skills ?? []).forEach((skill, index) => {
    const framework = frameworks.get(skill.frameworkId);
    if (framework?.items.some((item) => item.id === skill.itemId)) return;
    details.push({ path: `skills.${index}`, message: framework ? `framework ${skill.frameworkId} has no item ${skill.itemId}` : `unknown framework ${skill.frameworkId}` });
  });
  if (details.length) throw new ValidationError(`unknown framework items: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
}

async function frameworksOf(deps: CatalogueDeps, skills: readonly SkillRef[]): Promise<Framework[]> {
  const ids = [...new Set(skills.map((s) => s.frameworkId))];
  const found = await Promise.all(ids.map((id) => deps.store.frameworks.get(id)));
  return found.filter((f): f is NonNullable<typeof f> => f !== undefined);
}

async function audit(
  deps: CatalogueDeps,
  actor: Actor,
  action: 'achievement.created' | 'achievement.edited' | 'achievement.published' | 'achievement.retired',
  id: string,
  summary: string,
) {
  await deps.store.audit.append({ actor: actor.id, roles: actor.roles, action, entity: 'achievement', entityId: id, summary });
}

const ListQuery = z.object({ status: z.enum(['draft', 'published', 'retired']).optional() }).strict();
const ViewQuery = z.object({ version: z.coerce.number().int().min(1).optional() }).strict();

export const achievementRoutes: AdminRoutes = {
  'POST /admin/achievements': {
    action: 'achievement.draft',
    summary: 'Create an achievement (a micro-credential) as a draft',
    request: { body: CreateAchievementRequest },
    async handle({ deps, actor, body }) {
      const draft = await createAchievement(deps, actor, parseJsonWith(CreateAchievementRequest, body, 'achievement'));
      return json(201, await viewAchievement(deps, draft.id));
    },
  },
  'GET /admin/achievements': {
    action: 'catalogue.read',
    summary: 'List achievements (drafts and the versions that issue), optionally of one status',
    request: { query: ListQuery },
    async handle({ deps, query }) {
      const { status } = parseWith(ListQuery, query, 'query');
      return json(200, { achievements: await deps.store.achievements.list(status) });
    },
  },
  'GET /admin/achievements/{id}': {
    action: 'catalogue.read',
    summary: 'Read an achievement: its open draft, else the version that issues (or ?version=n)',
    request: { query: ViewQuery },
    async handle({ deps, params, query }) {
      const { version } = parseWith(ViewQuery, query, 'query');
      return json(200, await viewAchievement(deps, params.id ?? '', version));
    },
  },
  'PATCH /admin/achievements/{id}': {
    action: 'achievement.draft',
    summary: 'Edit the draft (null removes a field); on a published achievement, open the next version’s draft',
    request: { body: EditAchievementRequest },
    async handle({ deps, actor, params, body }) {
      const draft = await editAchievement(deps, actor, params.id ?? '', parseJsonWith(EditAchievementRequest, body, 'achievement edit'));
      return json(200, await viewAchievement(deps, draft.id));
    },
  },
  'POST /admin/achievements/{id}/publish': {
    action: 'achievement.publish',
    summary: 'Publish the draft as the version that issues (four eyes: not by its last editor)',
    async handle({ deps, actor, params }) {
      const published = await publishAchievement(deps, actor, params.id ?? '');
      return json(200, await viewAchievement(deps, published.id));
    },
  },
  'POST /admin/achievements/{id}/retire': {
    action: 'achievement.retire',
    summary: 'Retire the version that issues: webhooks for it are refused, its credentials stay valid',
    async handle({ deps, actor, params }) {
      const retired = await retireAchievement(deps, actor, params.id ?? '');
      return json(200, await viewAchievement(deps, retired.id));
    },
  },
};
