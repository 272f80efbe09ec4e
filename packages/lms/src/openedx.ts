// Open edX events as the openedx-webhooks plugin posts them: `{"openedx_events.learning.data.<Class>":
// {...the event's data class...}, "event_metadata": {...}}`. The plugin cannot sign, so the secret
// travels in the webhook URL's path; the pipeline hands it over as `pathSecret`. The learner's e-mail
// and name come with every event (`user.pii`).
import * as z from 'zod';
import { UnauthorizedError, ValidationError } from '@tessera/core';
import type { LmsEvent, LmsResult, PlatformAdapter } from './platform.ts';
import { presentsSourceSecret } from './source-secret.ts';
import { isoInstant, nonBlank, parseJsonBody, parseShape, PlatformId } from './wire.ts';

export const OPENEDX_PASSING_STATUS_UPDATED = 'org.openedx.learning.course.passing.status.updated.v1';
export const OPENEDX_CERTIFICATE_CREATED = 'org.openedx.learning.certificate.created.v1';

const DATA_PREFIX = 'openedx_events.';

const Envelope = z.looseObject({
  event_metadata: z.looseObject({
    id: z.string().min(1),
    event_type: z.string().min(1),
    // Python's str(datetime): `2023-01-31 20:28:12.798285`, with or without `+00:00`.
    time: z.string().nullish(),
  }),
});

// The plugin serialises with attrs.asdict and json.dumps(default=str): depending on its version a
// boolean arrives as true or as "True", an id as 4 or "4".
const Boolish = z.union([z.boolean(), z.enum(['True', 'False', 'true', 'false'])]).transform((v) => v === true || v === 'True' || v === 'true');

const UserData = z.looseObject({
  id: PlatformId,
  pii: z.looseObject({ email: z.string().nullish(), name: z.string().nullish(), username: z.string().nullish() }).nullish(),
});
const CourseData = z.looseObject({ course_key: z.string().min(1) });
const PassingStatus = z.looseObject({ is_passing: Boolish, course: CourseData, user: UserData });
const Certificate = z.looseObject({ course: CourseData, user: UserData });
const AnyLearnerData = z.looseObject({ course: CourseData.nullish(), user: UserData.nullish() });

const WHAT = 'an openedx-webhooks event ({"openedx_events.<module>.<Class>": {...}, "event_metadata": {...}})';

export const openedx: PlatformAdapter = {
  kind: 'openedx',

  async receive(delivery, source, context) {
    if (!delivery.pathSecret) throw new UnauthorizedError('the webhook URL has no secret: use the webhookUrl the source was given, secret included');
    if (!presentsSourceSecret([delivery.pathSecret], source, context.clock.now())) throw new UnauthorizedError("the URL's secret is not this source's");

    const body = parseJsonBody(delivery.rawBody, WHAT);
    const { event_metadata: metadata } = parseShape(Envelope, body, WHAT);
    const dataKeys = Object.keys(body as object).filter((k) => k.startsWith(DATA_PREFIX));
    if (dataKeys.length !== 1) throw new ValidationError(`not ${WHAT}`, [{ path: '(root)', message: `expected one "${DATA_PREFIX}…" data member, found ${dataKeys.length}` }]);
    const dataKey = dataKeys[0] as string;
    const data = (body as Record<string, unknown>)[dataKey];
    const type = metadata.event_type;
    const occurredAt = isoInstant(metadata.time) ?? context.clock.now().toISOString();

    let read: { course?: { course_key: string } | null; user?: z.output<typeof UserData> | null; result: LmsResult };
    if (type === OPENEDX_PASSING_STATUS_UPDATED) {
      // A grade update re-sends the status each time, and may flip it to false: `passing` says
      // which, the pipeline awards on true and never revokes on false.
      const d = parseShape(PassingStatus, data, `${WHAT}: CoursePassingStatusData`);
      read = { ...d, result: { kind: 'passing', passing: d.is_passing } };
    } else if (type === OPENEDX_CERTIFICATE_CREATED) {
      // edx-platform sends certificate.created only for a passing certificate status (downloadable...).
      read = { ...parseShape(Certificate, data, `${WHAT}: CertificateData`), result: { kind: 'completed' } };
    } else {
      const d = AnyLearnerData.safeParse(data);
      read = { ...(d.success ? d.data : {}), result: { kind: 'other' } };
    }
    const event: LmsEvent = {
      key: metadata.id,
      type,
      courses: read.course ? [read.course.course_key] : [],
      learner: {
        lmsUserId: read.user?.id ?? '',
        email: nonBlank(read.user?.pii?.email),
        name: nonBlank(read.user?.pii?.name),
      },
      result: read.result,
      occurredAt,
    };
    return [event];
  },
};
