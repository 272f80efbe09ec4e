// Canvas Live Events (Canvas format) to LmsEvents. Over HTTPS with "Sign Payload" on, the body is a
// compact RS256 JWS whose claims are the `{metadata, body}` event, signed with Instructure's keys;
// over SQS the message is the same event unsigned (the queue policy is the trust). Canvas events
// carry no id, so each key is derived from the fields that make the fact (see canvasEventKey).
import * as z from 'zod';
import { UnauthorizedError, ValidationError } from '@tessera/core';
import { getPlatformJson, PlatformApiError } from './fetch-guard.ts';
import { decodeCompactJws, verifyRs256Jws } from './jws.ts';
import type { LmsEvent, LmsResult, PlatformAdapter, PlatformSource } from './platform.ts';
import { isoInstant, nonBlank, parseShape, PlatformId, shortDigest } from './wire.ts';

/** Instructure's published Live Events JWKS (previous, current and next key, rotated monthly), as
 *  linked from "Beta and Production JWKs" in Canvas's data services setup page
 *  (canvas-lms doc/api/data_services/md/static/data_service_setup.md, HTTPS delivery method). */
export const CANVAS_LIVE_EVENTS_JWKS_URL = 'https://8axpcl50e4.execute-api.us-east-1.amazonaws.com/main/jwks';

const CanvasLiveEvent = z.object({
  metadata: z.looseObject({
    event_name: z.string().min(1),
    event_time: z.string().min(1),
    root_account_uuid: z.string().nullish(),
    root_account_id: PlatformId.nullish(),
    context_type: z.string().nullish(),
    context_id: PlatformId.nullish(),
    context_sis_source_id: z.string().nullish(),
    user_id: PlatformId.nullish(),
  }),
  body: z.record(z.string(), z.unknown()),
});
type CanvasLiveEvent = z.output<typeof CanvasLiveEvent>;
type Metadata = CanvasLiveEvent['metadata'];

const CourseCompleted = z.looseObject({
  course: z.looseObject({ id: PlatformId, sis_source_id: z.string().nullish() }),
  user: z.looseObject({ id: PlatformId, email: z.string().nullish(), name: z.string().nullish() }),
  progress: z.looseObject({ completed_at: z.string().nullish() }).nullish(),
});

const GradeChange = z
  .looseObject({
    submission_id: PlatformId,
    assignment_id: PlatformId,
    student_id: PlatformId.nullish(),
    user_id: PlatformId.nullish(),
    score: z.number().nullish(),
    points_possible: z.number().nullish(),
  })
  .refine((b) => b.student_id || b.user_id, { message: 'a grade_change names the student (student_id or user_id)', path: ['student_id'] });

const CourseGradeChange = z.looseObject({
  user_id: PlatformId,
  course_id: PlatformId,
  final_score: z.number().nullish(),
});

const UserProfile = z.looseObject({ primary_email: z.string().nullish(), login_id: z.string().nullish(), name: z.string().nullish() });

// Canvas ids are sharded: a global id is shard × 10^13 + the local id that the UI and URLs show
// (course 565 of shard 2107 is 21070000000000565). Events mix both forms.
const SHARD_FACTOR = 10n ** 13n;
const shardOf = (id: string) => (/^\d+$/.test(id) ? BigInt(id) / SHARD_FACTOR : undefined);

/** The forms a rule may name an id by: the id as sent, and its local form when it is global. */
function idForms(id: string): string[] {
  if (!/^\d+$/.test(id) || BigInt(id) < SHARD_FACTOR) return [id];
  return [id, String(BigInt(id) % SHARD_FACTOR)];
}

/** The local form when the id lives on the root account's shard (ids the admin sees in Canvas,
 *  and the ids a learner directory holds); otherwise the id as sent (a user of another shard). */
function localId(id: string, metadata: Metadata): string {
  const root = metadata.root_account_id ? shardOf(metadata.root_account_id) : undefined;
  const shard = shardOf(id);
  if (shard === undefined || shard === 0n) return id;
  return root === undefined || root === 0n || root === shard ? String(BigInt(id) % SHARD_FACTOR) : id;
}

const unique = (values: Array<string | null | undefined>) => [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))];

/** The request's course (metadata context), when the event names no course of its own or names the same one. */
function contextCourse(metadata: Metadata, courseId?: string): string[] {
  if (metadata.context_type !== 'Course' || !metadata.context_id) return [];
  if (courseId && localId(courseId, metadata) !== localId(metadata.context_id, metadata)) return [];
  return [...idForms(metadata.context_id), ...(metadata.context_sis_source_id ? [metadata.context_sis_source_id] : [])];
}

const rootAccount = (metadata: Metadata) => metadata.root_account_uuid ?? metadata.root_account_id ?? '-';

/** The dedup key: Canvas sends no event id. A completion is one fact per learner and course, so its
 *  key leaves out the time (Canvas fires `course_completed` again when the completion time is
 *  updated: same key). A grade change is a fact at its time: the event time stays in. */
function canvasEventKey(name: string, metadata: Metadata, ...ids: string[]): string {
  return [name, rootAccount(metadata), ...ids].join('|');
}

function scored(score: number | null | undefined, maxScore: number | null | undefined): LmsResult {
  // No score (a grade removed, "Missing") or nothing to be out of (an extra-credit assignment): no rule can judge it.
  if (typeof score !== 'number' || typeof maxScore !== 'number' || maxScore <= 0) return { kind: 'other' };
  return { kind: 'scored', score, maxScore };
}

const what = (name: string) => `a Canvas ${name} Live Event`;

/** One Canvas-format Live Event as Tessera's LmsEvent. */
function canvasEventFrom(event: CanvasLiveEvent): LmsEvent {
  const { metadata, body } = event;
  const name = metadata.event_name;
  const occurredAt = isoInstant(metadata.event_time);
  if (!occurredAt) throw new ValidationError(`not ${what(name)}`, [{ path: 'metadata.event_time', message: 'not a time' }]);

  if (name === 'course_completed') {
    const b = parseShape(CourseCompleted, body, what(name));
    const course = localId(b.course.id, metadata);
    const learner = localId(b.user.id, metadata);
    return {
      key: canvasEventKey(name, metadata, course, learner),
      type: name,
      courses: unique([...idForms(b.course.id), course, b.course.sis_source_id, ...contextCourse(metadata, b.course.id)]),
      learner: { lmsUserId: learner, email: nonBlank(b.user.email), name: nonBlank(b.user.name) },
      result: { kind: 'completed' },
      occurredAt: isoInstant(b.progress?.completed_at) ?? occurredAt,
    };
  }
  if (name === 'grade_change') {
    // One assignment's grade: rules name it as `assignment:<id>`, never by the course, so a course
    // rule is not met by the first quiz graded (the course's own score is course_grade_change).
    const b = parseShape(GradeChange, body, what(name));
    const learner = localId((b.student_id ?? b.user_id) as string, metadata);
    return {
      key: canvasEventKey(name, metadata, localId(b.submission_id, metadata), occurredAt),
      type: name,
      courses: unique(idForms(b.assignment_id).map((id) => `assignment:${id}`)),
      learner: { lmsUserId: learner },
      result: scored(b.score, b.points_possible),
      occurredAt,
    };
  }
  if (name === 'course_grade_change') {
    // Canvas's course scores are percentages; the final score counts unsubmitted work as zero,
    // which is the grade a transcript shows (the current score ignores it).
    const b = parseShape(CourseGradeChange, body, what(name));
    const course = localId(b.course_id, metadata);
    const learner = localId(b.user_id, metadata);
    return {
      key: canvasEventKey(name, metadata, course, learner, occurredAt),
      type: name,
      courses: unique([...idForms(b.course_id), course, ...contextCourse(metadata, b.course_id)]),
      learner: { lmsUserId: learner },
      result: scored(b.final_score, 100),
      occurredAt,
    };
  }
  const bodyUser = [body.user_id, (body.user as { id?: unknown } | undefined)?.id].find((v) => typeof v === 'string' || typeof v === 'number');
  const user = bodyUser !== undefined ? String(bodyUser) : (metadata.user_id ?? undefined);
  return {
    key: canvasEventKey(name, metadata, occurredAt, shortDigest(JSON.stringify(body))),
    type: name,
    courses: unique(contextCourse(metadata)),
    learner: { lmsUserId: user ? localId(user, metadata) : '' },
    result: { kind: 'other' },
    occurredAt,
  };
}

/** Checks the event's shape and that it comes from the source's root account, when one is set. */
function readCanvasEvent(claims: unknown, source: PlatformSource): LmsEvent {
  if (typeof claims === 'object' && claims !== null && 'data' in claims && 'sensor' in claims) {
    throw new ValidationError('this is a Caliper-format event: choose the "Canvas" format in the Live Events subscription');
  }
  const event = parseShape(CanvasLiveEvent, claims, 'a Canvas Live Event ({metadata, body})');
  if (source.rootAccountUuid && event.metadata.root_account_uuid !== source.rootAccountUuid) {
    throw new UnauthorizedError(`the event is from Canvas root account ${JSON.stringify(event.metadata.root_account_uuid ?? null)}, not this source's`);
  }
  return canvasEventFrom(event);
}

/** A Live Event as Canvas puts it on an SQS queue: the plain JSON event, unsigned (only Instructure's
 *  account may send to the institution's queue). Feeds the same mapping as the webhook. */
export function readCanvasQueueMessage(messageBody: string, source: PlatformSource): LmsEvent[] {
  let claims: unknown;
  try {
    claims = JSON.parse(messageBody);
  } catch (cause) {
    throw new ValidationError('the message is not JSON: expected a Canvas Live Event', [], cause);
  }
  return [readCanvasEvent(claims, source)];
}

export const canvas: PlatformAdapter = {
  kind: 'canvas',

  async receive(delivery, source, context) {
    // Canvas posts the JWS as the raw body, whatever Content-Type it declares.
    const jws = decodeCompactJws(delivery.rawBody);
    if (!jws) throw new UnauthorizedError('the body is not a signed Canvas Live Event (a compact JWS): turn on "Sign Payload" in the subscription');
    const claims = await verifyRs256Jws(jws, source.jwksUrl ?? CANVAS_LIVE_EVENTS_JWKS_URL, context);
    return [readCanvasEvent(claims, source)];
  },

  async lookupLearner(lmsUserId, source, context) {
    if (!source.apiUrl || !source.apiToken) return undefined;
    const url = `${source.apiUrl.replace(/\/+$/, '')}/api/v1/users/${encodeURIComponent(lmsUserId)}/profile`;
    const answer = await getPlatformJson(context, url, `Canvas user ${lmsUserId}'s profile`, { Authorization: `Bearer ${source.apiToken}` });
    if (answer === undefined) return undefined;
    const parsed = UserProfile.safeParse(answer);
    if (!parsed.success) throw new PlatformApiError(`Canvas user ${lmsUserId}'s profile: not the shape Canvas answers`);
    const profile = parsed.data;
    // primary_email is absent when the token may not read e-mails; a login id is often the e-mail.
    const email = nonBlank(profile.primary_email) ?? (profile.login_id?.includes('@') ? profile.login_id : undefined);
    return email ? { email, name: nonBlank(profile.name) } : undefined;
  },
};
