// Request bodies of the admin API's user and source routes (the catalogue entries' own bodies live
// beside their domain: stacks.ts, microcredential.ts). The OpenAPI document is generated from these.
import { ADMIN_ROLES, BULK_SOURCE_ID, DeliveryOutcome, SOURCE_KINDS, SourceRule } from '@tessera/core';
import * as z from 'zod';
import { STACK_SOURCE_ID } from './stacks.ts';

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1 to 64 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit');

export const CreateUserRequest = z
  .object({
    email: z.email(),
    name: z.string().trim().min(1).max(200),
    roles: z
      .array(z.enum(ADMIN_ROLES))
      .min(1, 'give at least one role')
      .refine((roles) => new Set(roles).size === roles.length, 'a role is listed twice'),
  })
  .strict();
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/** Source ids Tessera uses itself: `stack` is the stacked award's (its event ids are per stack and
 *  earner), `bulk` the CSV bulk upload's (its event ids are the rows'). */
export const RESERVED_SOURCE_IDS = [STACK_SOURCE_ID, BULK_SOURCE_ID] as const;

const sourceId = id.refine((value) => !(RESERVED_SOURCE_IDS as readonly string[]).includes(value), {
  message: `is reserved: ${RESERVED_SOURCE_IDS.join(', ')} are Tessera's own sources`,
});
const sourceRules = z
  .array(SourceRule)
  .max(500)
  .refine((rules) => new Set(rules.map((r) => `${r.course}\u0000${r.achievementId}`)).size === rules.length, 'a course and achievement pair is listed twice');
/** What every kind shares. Rules name the platform's courses; generic requests name their achievement. */
const sourceBase = {
  id: sourceId,
  name: z.string().trim().min(1).max(200),
  /** The issuer whose achievements it may award; optional while the catalogue has one issuer. */
  issuerId: z.string().min(1).optional(),
  rules: sourceRules.default([]),
};
/** A URL Tessera calls; https is checked by the route against the deployment (plain http to loopback locally). */
const outboundUrl = z.url({ protocol: /^https?$/, error: 'must be an https URL' }).max(2048);
/** Settings by kind: Canvas reads its signing keys (and, for e-mails, its API); Moodle its web service. */
const CanvasSettings = {
  jwksUrl: outboundUrl.optional(),
  rootAccountUuid: z.string().trim().min(1).max(200).optional(),
  apiUrl: outboundUrl.optional(),
  apiToken: z.string().min(1).max(4096).optional(),
};
const MoodleSettings = { wsUrl: outboundUrl.optional(), wsToken: z.string().min(1).max(4096).optional() };
const bothOrNeither = (a: string, b: string) => (s: Record<string, unknown>) => (s[a] === undefined) === (s[b] === undefined);

const KIND_ERROR = { error: () => `kind must be one of ${SOURCE_KINDS.join(', ')}` };

export const CreateSourceRequest = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('generic'), ...sourceBase }).strict(),
    z
      .object({ kind: z.literal('canvas'), ...sourceBase, ...CanvasSettings })
      .strict()
      .refine(bothOrNeither('apiUrl', 'apiToken'), { message: 'apiUrl and apiToken go together', path: ['apiToken'] }),
    z
      .object({ kind: z.literal('moodle'), ...sourceBase, ...MoodleSettings })
      .strict()
      .refine(bothOrNeither('wsUrl', 'wsToken'), { message: 'wsUrl and wsToken go together', path: ['wsToken'] }),
    z.object({ kind: z.literal('openedx'), ...sourceBase }).strict(),
    z.object({ kind: z.literal('caliper'), ...sourceBase }).strict(),
  ],
  KIND_ERROR,
);
export type CreateSourceRequest = z.infer<typeof CreateSourceRequest>;

/** PATCH /admin/sources/{id}: what may change after creation (not its id, kind or issuer). Settings a
 *  kind does not read are refused by the route; `null` clears a setting. */
export const UpdateSourceRequest = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    rules: sourceRules.optional(),
    jwksUrl: outboundUrl.nullable().optional(),
    rootAccountUuid: z.string().trim().min(1).max(200).nullable().optional(),
    apiUrl: outboundUrl.nullable().optional(),
    apiToken: z.string().min(1).max(4096).nullable().optional(),
    wsUrl: outboundUrl.nullable().optional(),
    wsToken: z.string().min(1).max(4096).nullable().optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change: give name, rules or a setting');
export type UpdateSourceRequest = z.infer<typeof UpdateSourceRequest>;

/** The settings each kind reads, beside its rules (PATCH refuses the others). */
export const SOURCE_SETTINGS: Record<(typeof SOURCE_KINDS)[number], readonly string[]> = {
  generic: [],
  canvas: ['jwksUrl', 'rootAccountUuid', 'apiUrl', 'apiToken'],
  moodle: ['wsUrl', 'wsToken'],
  openedx: [],
  caliper: [],
};

/** GET /admin/sources/{id}/events' query. */
export const SourceEventsQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    outcome: DeliveryOutcome.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type SourceEventsQuery = z.infer<typeof SourceEventsQuery>;

/** POST /admin/sources/{id}/replay: refused deliveries were never kept, accepted ones are done. */
export const ReplayRequest = z
  .object({
    outcome: z.enum(['ignored', 'unresolved', 'duplicate'], { error: 'outcome must be ignored, unresolved or duplicate (refused bodies are not kept; accepted ones are done)' }),
    from: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type ReplayRequest = z.infer<typeof ReplayRequest>;

/** POST /admin/sources/{id}/learners' query: `replace` drops the rows the upload does not name. */
export const LearnerUploadQuery = z.object({ mode: z.enum(['add', 'replace'], { error: 'mode must be add or replace' }).default('add') }).strict();
export type LearnerUploadQuery = z.infer<typeof LearnerUploadQuery>;

/** GET /admin/audit's query: `entity` is the kind (achievement, stack, user, source, credential,
 *  submission, framework), `since` an ISO time, `after` the seq to continue after (a page's `next`). */
export const AuditQuery = z
  .object({
    entity: z.string().min(1).optional(),
    entityId: z.string().min(1).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    after: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuery>;
