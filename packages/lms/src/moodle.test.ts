// Moodle's course_completed as local_webhooks and tool_trigger post it, and the learner's e-mail
// from a fake Moodle web service on loopback.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UnauthorizedError, ValidationError } from '@tessera/core';
import { lmsFixture, lmsFixtureJson, startFakeLms, testPlatformContext, type FakeLms } from '../../../test/support/fake-lms.ts';
import { PlatformApiError } from './fetch-guard.ts';
import { moodle } from './moodle.ts';
import type { PlatformSource } from './platform.ts';

const TOKEN = 'lw-3b9e1f07c2d84a6f';
const WS_TOKEN = 'ws-token-9d2c';
const COMPLETED_KEY = '\\core\\event\\course_completed|318|57';

let lms: FakeLms;
let source: PlatformSource;
let context: ReturnType<typeof testPlatformContext>;

const localWebhooks = (body: unknown = lmsFixtureJson('moodle/local_webhooks-course_completed.json')) => ({
  rawBody: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});
const toolTrigger = (token = TOKEN, rawBody = lmsFixture('moodle/tool_trigger-course_completed.json')) => ({
  rawBody,
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
});

beforeAll(async () => {
  lms = await startFakeLms({ moodle: { token: WS_TOKEN, users: { '57': { firstname: 'Tomás', lastname: 'Brennan', email: 't.brennan@northfield.example' } } } });
});
afterAll(() => lms.close());
beforeEach(() => {
  lms.requests.length = 0;
  source = { id: 'northfield-moodle', kind: 'moodle', secret: TOKEN, wsUrl: lms.moodleWsUrl, wsToken: WS_TOKEN };
  context = testPlatformContext();
});

describe('moodle: authentic deliveries', () => {
  it('reads local_webhooks course_completed: the learner is relateduserid (not the cron user), the course courseid', async () => {
    const events = await moodle.receive(localWebhooks(), source, context);

    expect(events).toEqual([
      {
        key: COMPLETED_KEY,
        type: '\\core\\event\\course_completed',
        courses: ['42'],
        learner: { lmsUserId: '57', email: undefined, name: undefined },
        result: { kind: 'completed' },
        occurredAt: '2025-11-28T14:41:01.000Z',
      },
    ]);
  });

  it('reads tool_trigger course_completed with a bearer token, taking the e-mail and name from its user lookup', async () => {
    const [event] = await moodle.receive(toolTrigger(), source, context);

    expect(event).toEqual({
      key: COMPLETED_KEY,
      type: '\\core\\event\\course_completed',
      courses: ['42'],
      learner: { lmsUserId: '57', email: 't.brennan@northfield.example', name: 'Tomás Brennan' },
      result: { kind: 'completed' },
      occurredAt: '2025-11-28T14:41:01.000Z',
    });
  });

  it('reads tool_trigger without "JSON encode" (a form body) the same way', async () => {
    const form = new URLSearchParams(lmsFixtureJson<Record<string, string>>('moodle/tool_trigger-course_completed.json')).toString();
    const [event] = await moodle.receive(toolTrigger(TOKEN, form), source, context);
    expect(event).toMatchObject({ key: COMPLETED_KEY, courses: ['42'], learner: { lmsUserId: '57', email: 't.brennan@northfield.example' } });
  });

  it('reads other events (course_viewed) as other, acknowledged', async () => {
    const [event] = await moodle.receive(localWebhooks(lmsFixtureJson('moodle/local_webhooks-course_viewed.json')), source, context);
    expect(event).toMatchObject({ type: '\\core\\event\\course_viewed', result: { kind: 'other' }, courses: ['42'], learner: { lmsUserId: '57' } });
  });

  it('accepts the previous token until the rotation window closes, then refuses it', async () => {
    const rotated = { ...source, secret: 'new-token', previousSecret: TOKEN, previousSecretValidUntil: '2026-11-21T13:00:00.000Z' };
    await expect(moodle.receive(localWebhooks(), rotated, context)).resolves.toHaveLength(1);
    context.advance(60 * 60 * 1000);
    await expect(moodle.receive(localWebhooks(), rotated, context)).rejects.toThrow(UnauthorizedError);
  });
});

describe('moodle: forged and malformed deliveries', () => {
  it('refuses a wrong token in the body, a wrong bearer token, and no token at all', async () => {
    const forgedBody = { ...lmsFixtureJson('moodle/local_webhooks-course_completed.json'), token: 'guess' };
    await expect(moodle.receive(localWebhooks(forgedBody), source, context)).rejects.toThrow("the token is not this source's secret");
    await expect(moodle.receive(toolTrigger('guess'), source, context)).rejects.toThrow(UnauthorizedError);
    const { token: _omitted, ...noToken } = lmsFixtureJson('moodle/local_webhooks-course_completed.json');
    await expect(moodle.receive(localWebhooks(noToken), source, context)).rejects.toThrow(/no token/);
  });

  it('refuses every delivery to a source that has no secret', async () => {
    await expect(moodle.receive(localWebhooks(), { ...source, secret: undefined }, context)).rejects.toThrow(UnauthorizedError);
  });

  it('answers 400 naming relateduserid when a completion has no learner', async () => {
    const { relateduserid: _omitted, ...body } = lmsFixtureJson('moodle/tool_trigger-course_completed.json');
    const error = await moodle.receive(toolTrigger(TOKEN, JSON.stringify(body)), source, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toEqual([{ path: 'relateduserid', message: expect.stringContaining('relateduserid') }]);
  });

  it('answers 400 for an authenticated body that is neither JSON nor a form', async () => {
    await expect(moodle.receive(toolTrigger(TOKEN, '<xml/>'), source, context)).rejects.toThrow(ValidationError);
  });
});

describe('moodle: replayed and re-fired', () => {
  it('gives a redelivery (tool_trigger retry) the same key', async () => {
    const [first] = await moodle.receive(toolTrigger(), source, context);
    const [again] = await moodle.receive(toolTrigger(), source, context);
    expect(again?.key).toBe(first?.key);
  });

  it('gives a second cron run raising the same completion later the same key, whichever plugin posts it', async () => {
    const later = { ...lmsFixtureJson('moodle/local_webhooks-course_completed.json'), timecreated: 1764341461 };
    const [first] = await moodle.receive(localWebhooks(), source, context);
    const [second] = await moodle.receive(localWebhooks(later), source, context);
    const [viaTrigger] = await moodle.receive(toolTrigger(), source, context);
    expect(second?.key).toBe(first?.key);
    expect(viaTrigger?.key).toBe(first?.key);
  });
});

describe('moodle: lookupLearner through core_user_get_users_by_field', () => {
  it('reads the e-mail and full name of the user by id', async () => {
    await expect(moodle.lookupLearner!('57', source, context)).resolves.toEqual({ email: 't.brennan@northfield.example', name: 'Tomás Brennan' });
    expect(lms.requests).toEqual(['GET /webservice/rest/server.php']);
  });

  it('answers undefined for a user Moodle does not have', async () => {
    await expect(moodle.lookupLearner!('9999', source, context)).resolves.toBeUndefined();
  });

  it('throws PlatformApiError when Moodle refuses the web service token (its HTTP 200 exception answer)', async () => {
    await expect(moodle.lookupLearner!('57', { ...source, wsToken: 'wrong' }, context)).rejects.toThrow(/invalidtoken/);
    await expect(moodle.lookupLearner!('57', { ...source, wsToken: 'wrong' }, context)).rejects.toBeInstanceOf(PlatformApiError);
  });

  it('throws when wsUrl is not the web service (404), and answers undefined when the source has no credentials', async () => {
    await expect(moodle.lookupLearner!('57', { ...source, wsUrl: `${lms.url}/nowhere.php` }, context)).rejects.toThrow(/HTTP 404/);
    await expect(moodle.lookupLearner!('57', { ...source, wsToken: undefined }, context)).resolves.toBeUndefined();
  });

  it('never puts the web service token in an error message', async () => {
    const error = (await moodle.lookupLearner!('57', { ...source, wsUrl: 'http://moodle.northfield.example/webservice/rest/server.php' }, context).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(PlatformApiError);
    expect(error.message).not.toContain(WS_TOKEN);
  });
});
