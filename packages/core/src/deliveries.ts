// What the LMS delivery pipeline keeps: each delivery's events with the outcome they had (the
// events log an admin reads), the learner directory a source's events are resolved against, and the
// message the queue carries between the answer to the platform and the processing step.
import * as z from 'zod';

/** Where kept delivery bodies live in the deliveries bucket (and the IAM grants that reach them). */
export const DELIVERY_OBJECT_PREFIX = 'deliveries/';

/** Every event of every delivery ends as one of these (docs/LMS.md, "How deliveries are processed"). */
export const DELIVERY_OUTCOMES = ['accepted', 'duplicate', 'ignored', 'unresolved', 'refused'] as const;
export const DeliveryOutcome = z.enum(DELIVERY_OUTCOMES);
export type DeliveryOutcome = z.infer<typeof DeliveryOutcome>;

/** An LMS event as kept for a replay: the shape of @tessera/lms's LmsEvent (core cannot import it). */
export const KeptLmsEvent = z.object({
  key: z.string().min(1),
  type: z.string(),
  courses: z.array(z.string()),
  learner: z.object({ lmsUserId: z.string(), email: z.string().optional(), name: z.string().optional() }),
  result: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('completed') }),
    z.object({ kind: z.literal('scored'), score: z.number(), maxScore: z.number() }),
    z.object({ kind: z.literal('passing'), passing: z.boolean() }),
    z.object({ kind: z.literal('submitted') }),
    z.object({ kind: z.literal('other') }),
  ]),
  occurredAt: z.string(),
});
export type KeptLmsEvent = z.infer<typeof KeptLmsEvent>;

/** One line of a source's events log: an event of a delivery, for one rule's achievement (or none:
 *  no rule matched, or the delivery was refused before it had events). Rewritten in place by a replay. */
export const DeliveryLogEntry = z.object({
  sourceId: z.string().min(1),
  deliveryId: z.string().min(1),
  /** Which event of the delivery (0 for a refused delivery). */
  index: z.number().int().min(0),
  receivedAt: z.iso.datetime({ offset: true }),
  /** The event's dedup key; empty for a refused delivery (its body was not read). */
  key: z.string(),
  type: z.string(),
  outcome: DeliveryOutcome,
  reason: z.string().optional(),
  achievementId: z.string().optional(),
  submissionId: z.string().optional(),
  /** When a replay last re-ran it. */
  replayedAt: z.iso.datetime({ offset: true }).optional(),
  /** The event itself, kept so a replay needs neither the body nor the platform (absent when refused). */
  event: KeptLmsEvent.optional(),
});
export type DeliveryLogEntry = z.infer<typeof DeliveryLogEntry>;

/** A verified delivery kept and not yet processed: the local queue re-runs these after a crash. */
export const PendingDelivery = z.object({
  sourceId: z.string().min(1),
  deliveryId: z.string().min(1),
  receivedAt: z.iso.datetime({ offset: true }),
});
export type PendingDelivery = z.infer<typeof PendingDelivery>;

/** A row of a source's learner directory: who an LMS user id is, for platforms that send no e-mail. */
export const DirectoryLearner = z.object({
  lmsUserId: z.string().trim().min(1).max(500),
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1).max(200).optional(),
});
export type DirectoryLearner = z.infer<typeof DirectoryLearner>;

/** What the delivery queue carries (SQS on AWS, the in-process queue locally): a kept delivery to
 *  process, a re-run of a source's logged events, or a delivery whose body travels in the message
 *  itself, already authenticated by the queue (Canvas's own SQS delivery, wrapped with its source). */
export const DeliveryMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('delivery'), sourceId: z.string().min(1), deliveryId: z.string().min(1), receivedAt: z.iso.datetime({ offset: true }) }).strict(),
  z
    .object({
      type: z.literal('replay'),
      sourceId: z.string().min(1),
      outcome: z.enum(['ignored', 'unresolved', 'duplicate']),
      from: z.iso.datetime({ offset: true }).optional(),
    })
    .strict(),
]);
export type DeliveryMessage = z.infer<typeof DeliveryMessage>;
