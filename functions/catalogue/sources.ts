// Webhook sources: who may post award requests. A new source's secret, and each rotated one, is
// shown once; after a rotation the previous secret keeps working for a grace period so the LMS can
// be switched over without losing a delivery.
import { randomBytes } from 'node:crypto';
import { CreateSourceRequest } from '@tessera/catalogue';
import { ConflictError, NotFoundError, UnprocessableError, parseJsonWith, type WebhookSource } from '@tessera/core';
import { json } from '../shared/http.ts';
import type { AdminRoutes } from '../shared/admin-router.ts';

/** How long a rotated-out secret is still accepted. */
export const PREVIOUS_SECRET_GRACE_HOURS = 24;

const newSecret = () => randomBytes(32).toString('base64url');

/** A source as the admin API shows it: never a secret, only whether an old one is still accepted. */
function view(source: WebhookSource) {
  const { secret: _secret, previousSecret: _previous, ...rest } = source;
  return rest;
}

export const sourceRoutes: AdminRoutes = {
  'POST /admin/sources': {
    action: 'source.manage',
    summary: 'Create a webhook source; answers its signing secret, shown once',
    request: { body: CreateSourceRequest },
    async handle({ deps, actor, body }) {
      const request = parseJsonWith(CreateSourceRequest, body, 'source');
      if (await deps.store.webhookSources.get(request.id))
        throw new ConflictError(`source '${request.id}' already exists (rotate its secret with POST /admin/sources/${request.id}/rotate)`);
      if (request.issuerId && !(await deps.store.issuers.get(request.issuerId))) {
        throw new UnprocessableError(`unknown issuer '${request.issuerId}'`, [{ path: 'issuerId', message: 'no such issuer' }]);
      }
      const source: WebhookSource = { ...request, kind: 'generic', secret: newSecret(), createdAt: deps.clock.now().toISOString() };
      await deps.store.webhookSources.put(source);
      await deps.store.audit.append({
        actor: actor.id,
        roles: actor.roles,
        action: 'source.created',
        entity: 'source',
        entityId: source.id,
        summary: `${source.kind} source ${source.name}`,
      });
      return json(201, { ...view(source), secret: source.secret, webhookUrl: new URL(`/webhooks/${encodeURIComponent(source.id)}`, deps.config.publicBaseUrl).href });
    },
  },
  'GET /admin/sources/{id}': {
    action: 'source.read',
    summary: 'Read a source (never its secret)',
    async handle({ deps, params }) {
      const source = await deps.store.webhookSources.get(params.id ?? '');
      if (!source) throw new NotFoundError(`no source '${params.id}'`);
      return json(200, view(source));
    },
  },
  'POST /admin/sources/{id}/rotate': {
    action: 'source.manage',
    summary: 'Give a source a new secret, shown once; the previous one is accepted for 24 hours',
    async handle({ deps, actor, params }) {
      const source = await deps.store.webhookSources.get(params.id ?? '');
      if (!source) throw new NotFoundError(`no source '${params.id}'`);
      const now = deps.clock.now();
      const rotated: WebhookSource = {
        ...source,
        secret: newSecret(),
        previousSecret: source.secret,
        previousSecretValidUntil: new Date(now.getTime() + PREVIOUS_SECRET_GRACE_HOURS * 3600_000).toISOString(),
        rotatedAt: now.toISOString(),
      };
      await deps.store.webhookSources.put(rotated);
      await deps.store.audit.append({
        actor: actor.id,
        roles: actor.roles,
        action: 'source.rotated',
        entity: 'source',
        entityId: source.id,
        summary: `new secret; the previous one is accepted until ${rotated.previousSecretValidUntil}`,
      });
      return json(200, { ...view(rotated), secret: rotated.secret });
    },
  },
};
