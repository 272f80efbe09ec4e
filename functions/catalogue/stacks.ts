// Stacks in the admin API: a designer drafts one, a second person (qa-manager or admin, never its
// last editor) publishes it once every component and the awarded achievement are published, and a
// qa-manager retires it. Editing a published stack opens the next version as a draft; the published
// one keeps counting toward awards until the draft is published. Each change is audited after it is stored.
import { Stack, assertAllowed, mayPublish, type Actor, type AuditAction } from '@tessera/catalogue';
import { ConflictError, NotFoundError, UnprocessableError, ValidationError, parseJsonWith, parseWith, type Achievement, type ErrorDetail } from '@tessera/core';
import { STACK_STATUSES, StackStatus, type StackEntry, type StackState } from '@tessera/store';
import * as z from 'zod';
import type { Dependencies } from '../shared/dependencies.ts';
import { json } from '../shared/http.ts';
import type { AdminRoutes } from '../shared/admin-router.ts';

/** A stack as the admin API shows it: its definition and where it stands, flat. */
function view(entry: StackEntry) {
  const { definition, ...lifecycle } = entry;
  return { ...definition, ...lifecycle };
}

/** The version in force (or, never published, the draft), with the open draft beside it. */
function stateView(id: string, state: StackState | undefined) {
  if (!state) throw new NotFoundError(`no stack '${id}'`);
  if (!state.current) return view(state.draft!);
  return { ...view(state.current), ...(state.draft ? { draft: view(state.draft) } : {}) };
}

async function audit(deps: Dependencies, actor: Actor, action: AuditAction, stackId: string, summary: string): Promise<void> {
  await deps.store.audit.append({ actor: actor.id, roles: actor.roles, action, entity: 'stack', entityId: stackId, summary });
}

/** PATCH body: any of the stack's fields but its id (which names it in the path). */
const StackEdit = z.record(z.string(), z.unknown());

/** Whether the achievement issues now: `achievements.get` never returns a draft, only a published or retired version. */
const issuing = (achievement: Achievement | undefined): boolean => achievement !== undefined && achievement.status !== 'retired';

/** Publishing needs every component and the awarded achievement published, and the award to be the stack issuer's: 422 naming each one that is not. */
async function assertPublishable(deps: Dependencies, stack: Stack): Promise<void> {
  const problems: ErrorDetail[] = [];
  const components = await Promise.all(stack.achievementIds.map((id) => deps.store.achievements.get(id)));
  components.forEach((achievement, i) => {
    if (!issuing(achievement)) problems.push({ path: `achievementIds.${i}`, message: `${stack.achievementIds[i]} is not a published achievement` });
  });
  const awarded = await deps.store.achievements.get(stack.awards);
  if (!issuing(awarded)) problems.push({ path: 'awards', message: `${stack.awards} is not a published achievement` });
  else if (awarded!.issuerId !== stack.issuerId)
    problems.push({ path: 'awards', message: `${stack.awards} is issued by ${awarded!.issuerId}, not by the stack's issuer ${stack.issuerId}` });
  if (problems.length > 0) {
    throw new UnprocessableError(`stack ${stack.id} cannot be published: ${problems.map((p) => p.message).join('; ')}`, problems);
  }
}

async function assertIssuerExists(deps: Dependencies, issuerId: string): Promise<void> {
  if (!(await deps.store.issuers.get(issuerId))) throw new UnprocessableError(`unknown issuer '${issuerId}'`, [{ path: 'issuerId', message: 'no such issuer' }]);
}

/** Which fields an edit changed, for the audit summary. */
function changedFields(before: Stack, after: Stack): string[] {
  return (Object.keys(after) as (keyof Stack)[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

export const stackRoutes: AdminRoutes = {
  'POST /admin/stacks': {
    action: 'stack.draft',
    summary: 'Create a stack (achievements that together award another) as a draft',
    request: { body: Stack },
    async handle({ deps, actor, body }) {
      const definition = parseJsonWith(Stack, body, 'stack');
      await assertIssuerExists(deps, definition.issuerId);
      const at = deps.clock.now().toISOString();
      const { revision: _revision, ...draft } = await deps.store.stacks.createDraft({
        definition,
        status: 'draft',
        version: 1,
        createdBy: actor.id,
        createdAt: at,
        updatedBy: actor.id,
        updatedAt: at,
      });
      await audit(deps, actor, 'stack.created', definition.id, `draft of ${definition.name}: ${definition.achievementIds.join(', ')} → ${definition.awards}`);
      return json(201, view(draft));
    },
  },

  'GET /admin/stacks': {
    action: 'catalogue.read',
    summary: 'List stacks, optionally of one status (?status=)',
    async handle({ deps, query }) {
      const statuses = query.status === undefined ? [...STACK_STATUSES] : [parseWith(StackStatus, query.status, `status (one of ${STACK_STATUSES.join(', ')})`)];
      const lists = await Promise.all(statuses.map((status) => deps.store.stacks.list(status)));
      return json(200, { stacks: lists.flat().map(view) });
    },
  },

  'GET /admin/stacks/{id}': {
    action: 'catalogue.read',
    summary: 'Read a stack: the version in force, with its open draft beside it',
    async handle({ deps, params }) {
      const id = params.id ?? '';
      return json(200, stateView(id, await deps.store.stacks.get(id)));
    },
  },

  'PATCH /admin/stacks/{id}': {
    action: 'stack.draft',
    summary: 'Edit the draft, or open the next version’s draft of a published stack',
    request: { body: StackEdit },
    async handle({ deps, actor, params, body }) {
      const id = params.id ?? '';
      const edit = parseJsonWith(StackEdit, body, 'stack edit');
      if ('id' in edit && edit.id !== id) throw new ValidationError(`a stack's id cannot change (it is ${id})`, [{ path: 'id', message: `must be ${id} or left out` }]);
      const state = await deps.store.stacks.get(id);
      if (!state) throw new NotFoundError(`no stack '${id}'`);
      // An open draft is edited in place; otherwise the edit opens the next version.
      const base = state.draft ?? state.current!;
      const definition = parseWith(Stack, { ...base.definition, ...edit, id }, 'stack');
      if (definition.issuerId !== base.definition.issuerId) await assertIssuerExists(deps, definition.issuerId);
      const at = deps.clock.now().toISOString();
      const { revision: _revision, ...draft } = await deps.store.stacks.saveDraft(
        {
          definition,
          status: 'draft',
          version: state.draft ? state.draft.version : state.current!.version + 1,
          createdBy: base.createdBy,
          createdAt: base.createdAt,
          updatedBy: actor.id,
          updatedAt: at,
        },
        state.revision,
      );
      const changed = changedFields(base.definition, definition);
      await audit(deps, actor, 'stack.edited', id, `draft version ${draft.version}: ${changed.length ? changed.join(', ') : 'no field'} changed`);
      return json(200, stateView(id, { ...state, draft }));
    },
  },

  'POST /admin/stacks/{id}/publish': {
    action: 'stack.publish',
    summary: 'Publish the draft (four eyes: not by its last editor; every component and the award published)',
    async handle({ deps, actor, params }) {
      const id = params.id ?? '';
      const state = await deps.store.stacks.get(id);
      if (!state) throw new NotFoundError(`no stack '${id}'`);
      if (!state.draft) throw new ConflictError(`stack ${id} has no draft to publish (version ${state.current?.version} is ${state.current?.status}); edit it first`);
      // Four eyes: checked on the draft as read; the store refuses the publish if it changed since.
      assertAllowed(mayPublish(actor, { kind: 'stack', updatedBy: state.draft.updatedBy }));
      await assertPublishable(deps, state.draft.definition);
      const published = await deps.store.stacks.publish(id, { revision: state.revision, by: actor.id, at: deps.clock.now().toISOString() });
      await audit(deps, actor, 'stack.published', id, `version ${published.version}, edited by ${published.updatedBy}`);
      return json(200, view(published));
    },
  },

  'POST /admin/stacks/{id}/retire': {
    action: 'stack.retire',
    summary: 'Retire the stack: it no longer counts toward awards',
    async handle({ deps, actor, params }) {
      const id = params.id ?? '';
      const retired = await deps.store.stacks.retire(id, { by: actor.id, at: deps.clock.now().toISOString() });
      await audit(deps, actor, 'stack.retired', id, `version ${retired.version} no longer counts toward awards`);
      return json(200, view(retired));
    },
  },
};
