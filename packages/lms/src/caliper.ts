// IMS Caliper 1.2 sensor envelopes (`{sensor, sendTime, dataVersion, data: [...]}`), one POST each,
// with `Authorization: Bearer <secret>`. The endpoint answers as Caliper's sensor API says: 401
// without the right token, 415 when the body is not declared JSON, 400 for a malformed envelope,
// 422 for a dataVersion we do not read. A GradeEvent Graded carries a score; an AssessmentEvent
// Submitted a submission; every other event is kept as `other`.
import * as z from 'zod';
import { UnauthorizedError, UnprocessableError, UnsupportedMediaTypeError, ValidationError } from '@tessera/core';
import type { LmsEvent, LmsResult, PlatformAdapter } from './platform.ts';
import { bearerToken, headerValue, presentsSourceSecret } from './source-secret.ts';
import { isoInstant, nonBlank, parseJsonBody, parseShape } from './wire.ts';

export const CALIPER_V1P2 = 'http://purl.imsglobal.org/ctx/caliper/v1p2';
/** 1.1 envelopes (what Canvas's Caliper format emits) have the same GradeEvent and Score shapes. */
export const CALIPER_DATA_VERSIONS: readonly string[] = [CALIPER_V1P2, 'http://purl.imsglobal.org/ctx/caliper/v1p1'];

/** An entity is written inline (`{id, type, ...}`) or as its IRI alone. */
const Entity = z.union([z.string().min(1), z.looseObject({ id: z.string().min(1) })]);
type Entity = z.output<typeof Entity>;

const Envelope = z.object({
  sensor: z.string().min(1),
  sendTime: z.string().min(1),
  dataVersion: z.string().min(1),
  data: z.array(z.looseObject({ type: z.string().min(1) })),
});

const CaliperEvent = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  action: z.string().min(1),
  actor: Entity,
  eventTime: z.string().refine((t) => isoInstant(t) !== undefined, 'not an ISO 8601 time'),
  object: Entity.nullish(),
  generated: Entity.nullish(),
  group: Entity.nullish(),
});
type CaliperEvent = z.output<typeof CaliperEvent>;

const entityId = (entity: Entity | null | undefined) => (typeof entity === 'string' ? entity : entity?.id);
const field = (entity: Entity | null | undefined, name: string): unknown => (typeof entity === 'object' && entity !== null ? entity[name] : undefined);
const text = (value: unknown) => (typeof value === 'string' ? nonBlank(value) : undefined);

/** Whose event it is: a GradeEvent's actor is the grader (a person or an autograder), its learner
 *  the Attempt's assignee; in every other event the actor is the learner. */
function learnerOf(event: CaliperEvent): { entity: Entity; id: string } {
  if (event.type === 'GradeEvent') {
    const assignee = field(event.object, 'assignee') ?? field(field(event.generated, 'attempt') as Entity | undefined, 'assignee');
    const parsed = Entity.safeParse(assignee);
    if (parsed.success) return { entity: parsed.data, id: entityId(parsed.data) as string };
  }
  return { entity: event.actor, id: entityId(event.actor) as string };
}

function resultOf(event: CaliperEvent): LmsResult {
  if (event.type === 'GradeEvent' && event.action === 'Graded') {
    const score = field(event.generated, 'scoreGiven');
    // Score.maxScore; failing that, the assessment's own maxScore.
    const maxScore = field(event.generated, 'maxScore') ?? field(field(event.object, 'assignable') as Entity | undefined, 'maxScore');
    if (typeof score === 'number' && typeof maxScore === 'number' && maxScore > 0) return { kind: 'scored', score, maxScore };
    return { kind: 'other' };
  }
  if (event.type === 'AssessmentEvent' && event.action === 'Submitted') return { kind: 'submitted' };
  return { kind: 'other' };
}

const JSON_MEDIA_TYPE = /^application\/([\w.+-]+\+)?json$/i;

export const caliper: PlatformAdapter = {
  kind: 'caliper',

  async receive(delivery, source, context) {
    const token = bearerToken(delivery.headers);
    if (!token) throw new UnauthorizedError('no "Authorization: Bearer <token>" header');
    if (!presentsSourceSecret([token], source, context.clock.now())) throw new UnauthorizedError("the bearer token is not this source's secret");

    const mediaType = (headerValue(delivery.headers, 'content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (!JSON_MEDIA_TYPE.test(mediaType))
      throw new UnsupportedMediaTypeError(`a Caliper envelope is JSON (Content-Type: application/json), not ${JSON.stringify(mediaType || '(none)')}`);

    const envelope = parseShape(Envelope, parseJsonBody(delivery.rawBody, 'a Caliper envelope'), 'a Caliper envelope ({sensor, sendTime, dataVersion, data})');
    if (!CALIPER_DATA_VERSIONS.includes(envelope.dataVersion)) {
      throw new UnprocessableError(`unsupported Caliper dataVersion ${JSON.stringify(envelope.dataVersion)}`, [{ path: 'dataVersion', message: `expected ${CALIPER_V1P2}` }]);
    }

    const events: LmsEvent[] = [];
    for (const [index, item] of envelope.data.entries()) {
      // An envelope may also describe entities; only events are facts.
      if (!item.type.endsWith('Event')) continue;
      const parsed = CaliperEvent.safeParse(item);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ValidationError('not a Caliper envelope: a malformed event', [
          { path: ['data', index, ...(issue?.path ?? [])].map(String).join('.'), message: issue?.message ?? 'malformed' },
        ]);
      }
      const event = parsed.data;
      const learner = learnerOf(event);
      events.push({
        key: event.id,
        type: `${event.type}:${event.action}`,
        courses: event.group ? [entityId(event.group) as string] : [],
        learner: { lmsUserId: learner.id, email: text(field(learner.entity, 'email')), name: text(field(learner.entity, 'name')) },
        result: resultOf(event),
        occurredAt: isoInstant(event.eventTime) as string,
      });
    }
    return events;
  },
};
