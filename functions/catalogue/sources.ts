// Webhook sources: who may deliver award requests or learning events, of which kind, under which
// rules. A new source's secret, and each rotated one, is shown once; after a rotation the previous
// secret keeps working for a grace period so the LMS can be switched over without losing a delivery.
// Reads never show a secret or a platform token.
import { randomBytes } from 'node:crypto';
import { CreateSourceRequest, SOURCE_SETTINGS, UpdateSourceRequest } from '@tessera/catalogue';
import {
  ConflictError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
  parseJsonWith,
  type ErrorDetail,
  type SourceKind,
  type SourceRule,
  type WebhookSource,
} from '@tessera/core';
import type { Dependencies } from '../shared/dependencies.ts';
import { json } from '../shared/http.ts';
import { assertOutboundUrls, isLocalStack } from '../shared/outbound.ts';
import type { AdminRoutes } from '../shared/admin-router.ts';

/** How long a rotated-out secret is still accepted. */
export const PREVIOUS_SECRET_GRACE_HOURS = 24;

const newSecret = () => randomBytes(32).toString('base64url');

/** Canvas signs with Instructure's keys: no shared secret. Every other kind gets one. */
const hasSecret = (kind: SourceKind) => kind !== 'canvas';

/** Platform credentials: a change to them may resolve learners that were unresolved. */
const CREDENTIAL_SETTINGS = ['apiUrl', 'apiToken', 'wsUrl', 'wsToken'] as const;

/** A source as the admin API shows it: never a secret or a token, only whether one is set. */
export function sourceView(source: WebhookSource) {
  const { secret: _secret, previousSecret: _previous, apiToken, wsToken, ...rest } = source;
  return {
    ...rest,
    kind: source.kind ?? 'generic',
    rules: source.rules ?? [],
    ...(apiToken ? { apiTokenSet: true } : {}),
    ...(wsToken ? { wsTokenSet: true } : {}),
  };
}

/** Where the platform delivers: Open edX cannot sign, so its secret is part of the path. */
export function webhookUrlOf(deps: Dependencies, source: WebhookSource): string {
  const path = `/webhooks/${encodeURIComponent(source.id)}${source.kind === 'openedx' && source.secret ? `/${encodeURIComponent(source.secret)}` : ''}`;
  return new URL(path, deps.config.publicBaseUrl).href;
}

/** The webhook URL a read may show: Open edX's holds its secret, shown only when created or rotated. */
export const readableWebhookUrl = (deps: Dependencies, source: WebhookSource): string | undefined => (source.kind === 'openedx' ? undefined : webhookUrlOf(deps, source));

/** The answer of a create or a rotation: the secret, once (Open edX's is in its URL). */
function withSecret(deps: Dependencies, source: WebhookSource) {
  return { ...sourceView(source), webhookUrl: webhookUrlOf(deps, source), ...(source.secret ? { secret: source.secret } : {}) };
}

/** Each rule's achievement exists (published or a draft) and belongs to the source's issuer. */
async function assertRulesAwardable(deps: Dependencies, rules: readonly SourceRule[], issuerId: string | undefined): Promise<void> {
  const details: ErrorDetail[] = [];
  for (const [i, rule] of rules.entries()) {
    const achievement = (await deps.store.achievements.get(rule.achievementId)) ?? (await deps.store.achievements.getDraft(rule.achievementId));
    if (!achievement) details.push({ path: `rules.${i}.achievementId`, message: `no achievement '${rule.achievementId}'` });
    else if (issuerId && achievement.issuerId !== issuerId) details.push({ path: `rules.${i}.achievementId`, message: `'${rule.achievementId}' belongs to another issuer` });
  }
  if (details.length) throw new UnprocessableError(`rules name achievements this source cannot award: ${details.map((d) => d.message).join('; ')}`, details);
}

async function sourceOf(deps: Dependencies, id: string | undefined): Promise<WebhookSource> {
  const source = await deps.store.webhookSources.get(id ?? '');
  if (!source) throw new NotFoundError(`no source '${id}'`);
  return source;
}

export const sourceRoutes: AdminRoutes = {
  'POST /admin/sources': {
    action: 'source.manage',
    summary: 'Create a source of a kind (generic, canvas, moodle, openedx, caliper); answers its webhook URL and secret, shown once',
    request: { body: CreateSourceRequest },
    async handle({ deps, actor, body }) {
      const request = parseJsonWith(CreateSourceRequest, body, 'source');
      assertOutboundUrls(request, isLocalStack(deps.config));
      if (await deps.store.webhookSources.get(request.id))
        throw new ConflictError(`source '${request.id}' already exists (rotate its secret with POST /admin/sources/${request.id}/rotate)`);
      if (request.issuerId && !(await deps.store.issuers.get(request.issuerId))) {
        throw new UnprocessableError(`unknown issuer '${request.issuerId}'`, [{ path: 'issuerId', message: 'no such issuer' }]);
      }
      await assertRulesAwardable(deps, request.rules, request.issuerId);
      const source: WebhookSource = { ...request, ...(hasSecret(request.kind) ? { secret: newSecret() } : {}), createdAt: deps.clock.now().toISOString() };
      await deps.store.webhookSources.put(source);
      await deps.store.audit.append({
        actor: actor.id,
        roles: actor.roles,
        action: 'source.created',
        entity: 'source',
        entityId: source.id,
        summary: `${request.kind} source ${source.name} with ${request.rules.length} rule(s)`,
      });
      return json(201, withSecret(deps, source));
    },
  },
  'GET /admin/sources': {
    action: 'source.read',
    summary: 'Every source, by id (never a secret or token)',
    async handle({ deps }) {
      const sources = await deps.store.webhookSources.list();
      return json(200, { sources: sources.map((s) => ({ ...sourceView(s), webhookUrl: readableWebhookUrl(deps, s) })) });
    },
  },
  'GET /admin/sources/{id}': {
    action: 'source.read',
    summary: 'Read a source (never its secret or tokens)',
    async handle({ deps, params }) {
      const source = await sourceOf(deps, params.id);
      const webhookUrl = readableWebhookUrl(deps, source);
      return json(200, { ...sourceView(source), ...(webhookUrl ? { webhookUrl } : {}) });
    },
  },
  'PATCH /admin/sources/{id}': {
    action: 'source.manage',
    summary: "Change a source's name, rules or platform settings (null clears a setting); audited",
    request: { body: UpdateSourceRequest },
    async handle({ deps, actor, params, body }) {
      const source = await sourceOf(deps, params.id);
      const patch = parseJsonWith(UpdateSourceRequest, body, 'source change');
      const kind = source.kind ?? 'generic';
      const settings = Object.keys(patch).filter((k) => k !== 'name' && k !== 'rules');
      const foreign = settings.filter((k) => !SOURCE_SETTINGS[kind].includes(k));
      if (foreign.length) {
        throw new ValidationError(
          `a ${kind} source has no ${foreign.join(', ')}`,
          foreign.map((path) => ({ path, message: `not a setting of ${kind} sources` })),
        );
      }
      assertOutboundUrls(patch, isLocalStack(deps.config));
      if (patch.rules) await assertRulesAwardable(deps, patch.rules, source.issuerId);
      const updated: Record<string, unknown> = { ...source, updatedAt: deps.clock.now().toISOString() };
      for (const [field, value] of Object.entries(patch)) {
        if (value === null) delete updated[field];
        else updated[field] = value;
      }
      for (const [a, b] of [
        ['apiUrl', 'apiToken'],
        ['wsUrl', 'wsToken'],
      ] as const) {
        if ((updated[a] === undefined) !== (updated[b] === undefined))
          throw new ValidationError(`${a} and ${b} go together`, [{ path: b, message: `set both ${a} and ${b}, or clear both` }]);
      }
      await deps.store.webhookSources.put(updated as WebhookSource);
      await deps.store.audit.append({
        actor: actor.id,
        roles: actor.roles,
        action: 'source.updated',
        entity: 'source',
        entityId: source.id,
        // Field names only: a token's value never enters the log.
        summary: `changed ${Object.keys(patch).join(', ')}`,
      });
      // New platform credentials may resolve learners the platform could not name before: re-run those events.
      if (CREDENTIAL_SETTINGS.some((k) => k in patch)) await deps.deliveryQueue.send({ type: 'replay', sourceId: source.id, outcome: 'unresolved' });
      return json(200, sourceView(updated as WebhookSource));
    },
  },
  'POST /admin/sources/{id}/rotate': {
    action: 'source.manage',
    summary: 'Give a source a new secret, shown once; the previous one is accepted for 24 hours',
    async handle({ deps, actor, params }) {
      const source = await sourceOf(deps, params.id);
      if (!source.secret) throw new UnprocessableError(`a ${source.kind} source has no secret to rotate: Canvas signs with Instructure's keys (jwksUrl)`);
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
      return json(200, withSecret(deps, rotated));
    },
  },
};
