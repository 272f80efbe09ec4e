// Request bodies of the admin API's user and source routes (the catalogue entries' own bodies live
// beside their domain: stacks.ts, microcredential.ts). The OpenAPI document is generated from these.
import { ADMIN_ROLES, BULK_SOURCE_ID, SOURCE_KINDS } from '@tessera/core';
import { z } from 'zod';
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

export const CreateSourceRequest = z
  .object({
    id: id.refine((value) => !(RESERVED_SOURCE_IDS as readonly string[]).includes(value), { message: `is reserved: ${RESERVED_SOURCE_IDS.join(', ')} are Tessera's own sources` }),
    kind: z.string().refine((kind) => (SOURCE_KINDS as readonly string[]).includes(kind), {
      message: `must be one of ${SOURCE_KINDS.join(', ')} (the Canvas, Moodle, Open edX and Caliper kinds are not built yet)`,
    }),
    name: z.string().trim().min(1).max(200),
    /** The issuer whose achievements it may award; optional while the catalogue has one issuer. */
    issuerId: z.string().min(1).optional(),
  })
  .strict();
export type CreateSourceRequest = z.infer<typeof CreateSourceRequest>;

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
