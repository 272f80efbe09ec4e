// Moodle's `\core\event\course_completed` as two plugins post it: local_webhooks (the event's data
// plus `token`, `host`, `extra` in a JSON body) and tool_trigger's HTTP Post step (the fields its
// template names, JSON-encoded or form-encoded, with the static headers set in the step, e.g.
// `Authorization: Bearer <token>`). Either way the source's secret is that token. Moodle's events
// carry no e-mail; tool_trigger can add one with a user lookup step, otherwise the web service.
import * as z from 'zod';
import { UnauthorizedError, ValidationError } from '@tessera/core';
import { getPlatformJson, PlatformApiError } from './fetch-guard.ts';
import type { LmsEvent, PlatformAdapter } from './platform.ts';
import { bearerToken, presentsSourceSecret } from './source-secret.ts';
import { isoInstant, nonBlank, parseShape, PlatformId } from './wire.ts';

export const MOODLE_COURSE_COMPLETED = '\\core\\event\\course_completed';

const MoodleEvent = z.looseObject({
  eventname: z.string().min(1),
  objectid: PlatformId.nullish(),
  relateduserid: PlatformId.nullish(),
  userid: PlatformId.nullish(),
  courseid: PlatformId.nullish(),
  timecreated: z.union([z.number(), z.string()]).nullish(),
  // tool_trigger's user lookup step (output prefix `user_`), when the workflow has one.
  user_email: z.string().nullish(),
  user_firstname: z.string().nullish(),
  user_lastname: z.string().nullish(),
});

// The part of core_user_get_users_by_field's answer we read; errors come back as HTTP 200 with `exception`.
const WebServiceUsers = z.array(z.looseObject({ email: z.string().nullish(), fullname: z.string().nullish() }));
const WebServiceException = z.looseObject({ exception: z.string(), errorcode: z.string().nullish(), message: z.string().nullish() });

/** The body as an object: JSON (local_webhooks, tool_trigger with "JSON encode") or a form
 *  (tool_trigger without it); undefined when it is neither. */
function readBody(rawBody: string): Record<string, unknown> | undefined {
  const text = rawBody.trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
  if (/^[\w%.[\]-]+=/.test(text)) return Object.fromEntries(new URLSearchParams(text));
  return undefined;
}

const WHAT = 'a Moodle event (local_webhooks or tool_trigger)';

export const moodle: PlatformAdapter = {
  kind: 'moodle',

  async receive(delivery, source, context) {
    const body = readBody(delivery.rawBody);
    const bodyToken = typeof body?.token === 'string' ? body.token : undefined;
    const bearer = bearerToken(delivery.headers);
    if (!bearer && !bodyToken) throw new UnauthorizedError('no token: local_webhooks sends it as "token" in the body, tool_trigger as an "Authorization: Bearer" header');
    if (!presentsSourceSecret([bearer, bodyToken], source, context.clock.now())) throw new UnauthorizedError("the token is not this source's secret");
    if (!body) throw new ValidationError(`the body is neither JSON nor a form: expected ${WHAT}`);

    const event = parseShape(MoodleEvent, body, WHAT);
    const occurredAt = isoInstant(event.timecreated ?? undefined) ?? context.clock.now().toISOString();
    const courses = event.courseid ? [event.courseid] : [];
    if (event.eventname !== MOODLE_COURSE_COMPLETED) {
      const user = event.relateduserid ?? event.userid ?? '';
      const result: LmsEvent = {
        key: [event.eventname, event.objectid ?? '', user, event.timecreated ?? ''].join('|'),
        type: event.eventname,
        courses,
        learner: { lmsUserId: user },
        result: { kind: 'other' },
        occurredAt,
      };
      return [result];
    }
    // The completion is raised by cron, so `userid` is whoever ran it: the learner is relateduserid.
    if (!event.relateduserid) throw new ValidationError(`not ${WHAT}`, [{ path: 'relateduserid', message: 'course_completed names the learner in relateduserid' }]);
    if (!event.courseid) throw new ValidationError(`not ${WHAT}`, [{ path: 'courseid', message: 'course_completed names the course in courseid' }]);
    const name = nonBlank([event.user_firstname, event.user_lastname].filter(Boolean).join(' '));
    return [
      {
        // objectid is the course_completions row: one per learner and course, whichever cron run raised it.
        key: [event.eventname, event.objectid ?? '', event.relateduserid].join('|'),
        type: event.eventname,
        courses,
        learner: { lmsUserId: event.relateduserid, email: nonBlank(event.user_email), name },
        result: { kind: 'completed' },
        occurredAt,
      },
    ];
  },

  async lookupLearner(lmsUserId, source, context) {
    if (!source.wsUrl || !source.wsToken) return undefined;
    let url: URL;
    try {
      url = new URL(source.wsUrl);
    } catch (cause) {
      throw new PlatformApiError("the source's wsUrl is not a URL", { cause });
    }
    url.search = new URLSearchParams({
      wstoken: source.wsToken,
      wsfunction: 'core_user_get_users_by_field',
      moodlewsrestformat: 'json',
      field: 'id',
      'values[0]': lmsUserId,
    }).toString();
    // The URL carries the token: the message names the function, never the URL.
    const answer = await getPlatformJson(context, url.href, `Moodle core_user_get_users_by_field for user ${lmsUserId}`);
    if (answer === undefined) throw new PlatformApiError('Moodle web service: not found (HTTP 404): is wsUrl …/webservice/rest/server.php?', { status: 404 });
    const failure = WebServiceException.safeParse(answer);
    if (failure.success) throw new PlatformApiError(`Moodle web service refused core_user_get_users_by_field: ${failure.data.errorcode ?? failure.data.exception}`);
    const users = WebServiceUsers.safeParse(answer);
    if (!users.success) throw new PlatformApiError('Moodle web service: the answer is not a list of users');
    const user = users.data[0];
    const email = nonBlank(user?.email);
    return email ? { email, name: nonBlank(user?.fullname) } : undefined;
  },
};
