// The generic kind: Tessera's own HMAC-signed JSON (AwardRequest), as any LMS integration can send
// it. Unlike the platforms' events it names its achievement and learner itself, so besides the
// event it answers the award request, which the webhook submits at once (202 with its submissionId).
import { AwardRequest, parseJsonWith } from '@tessera/core';
import { SIGNATURE_HEADER, verifyWebhookSignature } from './generic-signature.ts';
import type { Delivery, LmsEvent, PlatformAdapter, PlatformContext, PlatformSource } from './platform.ts';

export type GenericEvent = LmsEvent & { award: AwardRequest };

export const genericAdapter = {
  kind: 'generic',
  async receive(delivery: Delivery, source: PlatformSource, context: PlatformContext): Promise<GenericEvent[]> {
    const now = context.clock.now();
    const previousSecret =
      source.previousSecret && source.previousSecretValidUntil && Date.parse(source.previousSecretValidUntil) > now.getTime() ? source.previousSecret : undefined;
    verifyWebhookSignature({ header: delivery.headers[SIGNATURE_HEADER.toLowerCase()], rawBody: delivery.rawBody, secret: source.secret ?? '', previousSecret, now });
    const award = parseJsonWith(AwardRequest, delivery.rawBody, 'award request');
    return [
      {
        key: award.eventId,
        type: 'award-request',
        courses: [],
        learner: { lmsUserId: award.recipient.email, email: award.recipient.email, name: award.recipient.name },
        result: { kind: 'completed' },
        occurredAt: award.occurredAt,
        award,
      },
    ];
  },
} satisfies PlatformAdapter;
