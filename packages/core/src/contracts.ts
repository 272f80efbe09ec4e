// Request contracts: what callers send Tessera (an LMS's award request, a reviewer's decision, the
// admin API's bodies), parsed with these schemas at the edge before anything is stored.
import * as z from 'zod';

export const isoDateTime = z.iso.datetime({ offset: true });

/** The one vocabulary of a review decision: the form, the stored review, the workflow payload, the pages. */
export const DECISIONS = ['approve', 'reject'] as const;
export const Decision = z.enum(DECISIONS, { message: "decision must be 'approve' or 'reject'" });
export type Decision = z.infer<typeof Decision>;

export const Evidence = z
  .object({
    name: z.string().trim().min(1).max(500).optional(),
    narrative: z.string().trim().min(1).max(10_000).optional(),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
  })
  .strict()
  .refine((e) => e.name !== undefined || e.narrative !== undefined || e.url !== undefined, {
    message: 'evidence needs at least one of name, narrative or url',
  });
export type Evidence = z.infer<typeof Evidence>;

export const Recipient = z
  .object({
    email: z
      .email()
      .max(320)
      .transform((e) => e.toLowerCase()),
    name: z.string().trim().min(1).max(200),
  })
  .strict();
export type Recipient = z.infer<typeof Recipient>;

/** The generic award request an LMS (or any source) posts to /webhooks/{sourceId}. */
export const AwardRequest = z
  .object({
    eventId: z.string().trim().min(1).max(200),
    achievementId: z.string().trim().min(1).max(200),
    recipient: Recipient,
    evidence: z.array(Evidence).max(50).default([]),
    occurredAt: isoDateTime,
  })
  .strict();
export type AwardRequest = z.infer<typeof AwardRequest>;

/** What a reviewer posts to /review/{secret} (a form): the decision and an optional comment. */
export const ReviewDecisionRequest = z.object({
  decision: Decision,
  comment: z.string().trim().max(5000, 'comment must be at most 5000 characters').default(''),
});
export type ReviewDecisionRequest = z.infer<typeof ReviewDecisionRequest>;

/** POST /verify with a recipient to check: `{credential, recipientEmail}`. (A bare credential is the other body shape.) */
export const VerifyRequest = z
  .object({
    credential: z.record(z.string(), z.unknown()),
    recipientEmail: z.email().max(320).optional(),
  })
  .strict();
export type VerifyRequest = z.infer<typeof VerifyRequest>;

/** The admin actions on a credential's status, as named in the API paths. */
export const CREDENTIAL_STATUS_ACTIONS = ['revoke', 'suspend', 'unsuspend'] as const;
export type CredentialStatusAction = (typeof CREDENTIAL_STATUS_ACTIONS)[number];

/** The body of POST /admin/credentials/{id}/{action}: the reason is kept in the audit trail. */
export const CredentialStatusRequest = z.object({ reason: z.string().trim().min(1, 'a reason is required').max(1000) }).strict();
export type CredentialStatusRequest = z.infer<typeof CredentialStatusRequest>;
