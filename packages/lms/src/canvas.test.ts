// Canvas Live Events end to end through the adapter: signed with real RSA keys, verified against a
// JWKS served by a fake Canvas on loopback, profiles looked up through its REST API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UnauthorizedError, ValidationError } from '@tessera/core';
import { generateSigningKey, lmsFixtureJson, signCanvasEvent, startFakeLms, testPlatformContext, type FakeLms, type SigningKey } from '../../../test/support/fake-lms.ts';
import { canvas, CANVAS_LIVE_EVENTS_JWKS_URL, readCanvasQueueMessage } from './canvas.ts';
import { PlatformApiError } from './fetch-guard.ts';
import { JWKS_REFETCH_INTERVAL_MS } from './jws.ts';
import type { Delivery, PlatformSource } from './platform.ts';

const ROOT_ACCOUNT = 'Qm7tR2xWb9LkP4sNe8Hc1VaZ6yJd3FgU5oIw0TqE';
const API_TOKEN = 'canvas-admin-token-51f0';

let lms: FakeLms;
let current: SigningKey;
let next: SigningKey;
let source: PlatformSource;
let context: ReturnType<typeof testPlatformContext>;

const signed = (claims: unknown, key: SigningKey = current): Delivery => ({
  rawBody: signCanvasEvent(claims, key),
  // Canvas declares a JSON type for what is a bare JWT: the adapter reads the raw body regardless.
  headers: { 'content-type': 'application/json' },
});
const fixture = (name: string) => lmsFixtureJson(`canvas/${name}.json`);
const jwksFetches = () => lms.requests.filter((r) => r === 'GET /jwks').length;

beforeAll(async () => {
  current = generateSigningKey('2026-11');
  next = generateSigningKey('2026-12');
  lms = await startFakeLms({
    keys: [current],
    canvas: {
      token: API_TOKEN,
      users: { '48': { name: 'Femi Adeyemi', primary_email: 'f.adeyemi@northfield.example', login_id: 'fadeyemi' }, '90': { name: 'No Email', login_id: 'noemail' } },
    },
  });
});
afterAll(() => lms.close());
beforeEach(() => {
  lms.publishKeys([current]);
  lms.setJwksStatus(200);
  lms.requests.length = 0;
  source = { id: 'northfield-canvas', kind: 'canvas', jwksUrl: lms.jwksUrl, apiUrl: lms.url, apiToken: API_TOKEN, rootAccountUuid: ROOT_ACCOUNT };
  context = testPlatformContext();
});

describe('canvas: authentic deliveries', () => {
  it('reads a signed course_completed as a completion with the learner, every course id and the completion time', async () => {
    const [event, ...rest] = await canvas.receive(signed(fixture('course_completed')), source, context);

    expect(rest).toEqual([]);
    expect(event).toEqual({
      key: `course_completed|${ROOT_ACCOUNT}|812|4471`,
      type: 'course_completed',
      courses: ['812', '2026-FA-BIO-201', '43910000000000812'],
      learner: { lmsUserId: '4471', email: 'a.okafor@northfield.example', name: 'Adaeze Okafor' },
      result: { kind: 'completed' },
      occurredAt: '2026-11-20T14:02:09.117Z',
    });
  });

  it('reads grade_change as a score on the assignment (not the course), for the student rather than the grader', async () => {
    const [event] = await canvas.receive(signed(fixture('grade_change')), source, context);

    expect(event).toMatchObject({
      type: 'grade_change',
      key: `grade_change|${ROOT_ACCOUNT}|93120|2026-11-18T09:41:52.006Z`,
      courses: ['assignment:43910000000002280', 'assignment:2280'],
      learner: { lmsUserId: '4471' },
      result: { kind: 'scored', score: 42, maxScore: 50 },
    });
    expect(event?.learner.email).toBeUndefined();
  });

  it('reads scores below and above a threshold as they are, and a removed grade as other', async () => {
    const body = (score: number | null) => ({ ...fixture('grade_change'), body: { ...fixture('grade_change').body, score } });
    const [below] = await canvas.receive(signed(body(12)), source, context);
    const [above] = await canvas.receive(signed(body(50)), source, context);
    const [removed] = await canvas.receive(signed(body(null)), source, context);

    expect(below?.result).toEqual({ kind: 'scored', score: 12, maxScore: 50 });
    expect(above?.result).toEqual({ kind: 'scored', score: 50, maxScore: 50 });
    expect(removed?.result).toEqual({ kind: 'other' });
  });

  it('reads course_grade_change as the final score out of 100 for the course in all its ids', async () => {
    const [event] = await canvas.receive(signed(fixture('course_grade_change')), source, context);

    expect(event).toMatchObject({
      key: `course_grade_change|${ROOT_ACCOUNT}|812|4471|2026-11-18T09:41:53.270Z`,
      courses: ['812', '43910000000000812', '2026-FA-BIO-201'],
      learner: { lmsUserId: '4471' },
      result: { kind: 'scored', score: 81.25, maxScore: 100 },
    });
  });

  it('reads an event type no rule uses as other, still keyed and acknowledged', async () => {
    const [event] = await canvas.receive(signed(fixture('submission_created')), source, context);

    expect(event).toMatchObject({ type: 'submission_created', result: { kind: 'other' }, courses: ['43910000000000812', '812'] });
    expect(event?.key).toMatch(new RegExp(`^submission_created\\|${ROOT_ACCOUNT}\\|2026-11-17T22:15:40.731Z\\|`));
  });

  it('reads the raw body whatever its Content-Type says', async () => {
    const delivery = { ...signed(fixture('course_completed')), headers: { 'content-type': 'text/plain' } };
    await expect(canvas.receive(delivery, source, context)).resolves.toHaveLength(1);
  });

  it('without a jwksUrl uses Instructure\u2019s published JWKS', () => {
    expect(CANVAS_LIVE_EVENTS_JWKS_URL).toBe('https://8axpcl50e4.execute-api.us-east-1.amazonaws.com/main/jwks');
  });
});

describe('canvas: forged deliveries are refused', () => {
  it('refuses an event signed by a key Instructure does not publish, even under a published kid', async () => {
    const forger = generateSigningKey(current.kid);
    await expect(canvas.receive(signed(fixture('course_completed'), forger), source, context)).rejects.toThrow(UnauthorizedError);
  });

  it('refuses a signed event whose claims were changed after signing', async () => {
    const [header, , signature] = signCanvasEvent(fixture('course_completed'), current).split('.');
    const tampered = { ...fixture('course_completed'), body: { ...fixture('course_completed').body, user: { id: '4471', email: 'attacker@evil.example', name: 'X' } } };
    const rawBody = `${header}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${signature}`;

    await expect(canvas.receive({ rawBody, headers: {} }, source, context)).rejects.toThrow('the JWS signature does not verify');
  });

  it('refuses alg "none" and HS256 (a token does not choose its algorithm)', async () => {
    const claims = Buffer.from(JSON.stringify(fixture('course_completed'))).toString('base64url');
    for (const alg of ['none', 'HS256']) {
      const header = Buffer.from(JSON.stringify({ alg, kid: current.kid })).toString('base64url');
      await expect(canvas.receive({ rawBody: `${header}.${claims}.c2ln`, headers: {} }, source, context)).rejects.toThrow(/must be RS256/);
    }
  });

  it('refuses the unsigned JSON event (Sign Payload off) with a 401 that says what to turn on', async () => {
    const delivery = { rawBody: JSON.stringify(fixture('course_completed')), headers: { 'content-type': 'application/json' } };
    const error = await canvas.receive(delivery, source, context).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toContain('Sign Payload');
  });

  it("refuses a genuinely signed event from another institution's Canvas (same Instructure keys)", async () => {
    const other = { ...fixture('course_completed'), metadata: { ...fixture('course_completed').metadata, root_account_uuid: 'Zz9OtherInstitutionUuid000000000000000000' } };
    await expect(canvas.receive(signed(other), source, context)).rejects.toThrow(/root account/);
  });

  it('answers 400 for a signed body that is not a Canvas event, and for a Caliper-format one', async () => {
    await expect(canvas.receive(signed({ hello: 'world' }), source, context)).rejects.toThrow(ValidationError);
    await expect(canvas.receive(signed({ sensor: 'x', sendTime: 'y', dataVersion: 'z', data: [] }), source, context)).rejects.toThrow(/choose the "Canvas" format/);
  });
});

describe('canvas: redelivered, re-fired and replayed', () => {
  it('gives a redelivery of the same event the same key', async () => {
    const delivery = signed(fixture('grade_change'));
    const [first] = await canvas.receive(delivery, source, context);
    const [again] = await canvas.receive(delivery, source, context);
    expect(again?.key).toBe(first?.key);
  });

  it('gives course_completed re-fired for an updated completion time the same key (one fact: this learner finished this course)', async () => {
    const original = fixture('course_completed');
    const refired = {
      metadata: { ...original.metadata, event_time: '2026-11-27T08:30:00.000Z', request_id: 'another-request' },
      body: { ...original.body, progress: { ...original.body.progress, completed_at: '2026-11-27T08:29:58.000Z' } },
    };
    const [first] = await canvas.receive(signed(original), source, context);
    const [second] = await canvas.receive(signed(refired), source, context);

    expect(second?.key).toBe(first?.key);
    expect(second?.occurredAt).toBe('2026-11-27T08:29:58.000Z');
  });

  it('gives two different grade changes of one submission different keys', async () => {
    const later = { ...fixture('grade_change'), metadata: { ...fixture('grade_change').metadata, event_time: '2026-11-19T10:00:00.000Z' } };
    const [first] = await canvas.receive(signed(fixture('grade_change')), source, context);
    const [second] = await canvas.receive(signed(later), source, context);
    expect(second?.key).not.toBe(first?.key);
  });
});

describe('canvas: signing keys', () => {
  it('fetches the JWKS once and verifies later events from the cache', async () => {
    await canvas.receive(signed(fixture('course_completed')), source, context);
    await canvas.receive(signed(fixture('grade_change')), source, context);
    expect(jwksFetches()).toBe(1);
  });

  it('follows a monthly rotation: an event under the new kid refetches the set and verifies', async () => {
    await canvas.receive(signed(fixture('course_completed')), source, context);
    context.advance(JWKS_REFETCH_INTERVAL_MS + 1);
    lms.publishKeys([current, next]);

    await expect(canvas.receive(signed(fixture('course_completed'), next), source, context)).resolves.toHaveLength(1);
    expect(jwksFetches()).toBe(2);
  });

  it('refetches at most once a minute for unknown kids, so forged kids cannot flood the JWKS', async () => {
    await canvas.receive(signed(fixture('course_completed')), source, context);
    context.advance(JWKS_REFETCH_INTERVAL_MS + 1);
    const forgedKids = ['x1', 'x2', 'x3'].map((kid) => generateSigningKey(kid, 2048));
    for (const key of forgedKids) await expect(canvas.receive(signed(fixture('course_completed'), key), source, context)).rejects.toThrow(/no published signing key/);
    expect(jwksFetches()).toBe(2);

    // Keys published within the minute are picked up after it.
    lms.publishKeys([current, next]);
    await expect(canvas.receive(signed(fixture('course_completed'), next), source, context)).rejects.toThrow(UnauthorizedError);
    context.advance(JWKS_REFETCH_INTERVAL_MS + 1);
    await expect(canvas.receive(signed(fixture('course_completed'), next), source, context)).resolves.toHaveLength(1);
    expect(jwksFetches()).toBe(3);
  });

  it('stops accepting a key withdrawn from the JWKS once the cached set is an hour old', async () => {
    await canvas.receive(signed(fixture('course_completed')), source, context);
    lms.publishKeys([next]);
    context.advance(60 * 60 * 1000 + 1);
    await expect(canvas.receive(signed(fixture('course_completed')), source, context)).rejects.toThrow(UnauthorizedError);
  });

  it('when the JWKS cannot be fetched, fails as our fault (Canvas retries), not as a forgery', async () => {
    lms.setJwksStatus(500);
    const error = await canvas.receive(signed(fixture('course_completed')), source, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformApiError);
    expect(error).not.toBeInstanceOf(UnauthorizedError);
  });

  it('keeps verifying with cached keys while a refresh of a stale set fails', async () => {
    await canvas.receive(signed(fixture('course_completed')), source, context);
    lms.setJwksStatus(503);
    context.advance(2 * 60 * 60 * 1000);
    await expect(canvas.receive(signed(fixture('course_completed')), source, context)).resolves.toHaveLength(1);
  });
});

describe('canvas: SQS delivery', () => {
  it('reads the plain JSON event from the queue into the same event the webhook gives', async () => {
    const [fromWebhook] = await canvas.receive(signed(fixture('course_completed')), source, context);
    const fromQueue = readCanvasQueueMessage(JSON.stringify(fixture('course_completed')), source);
    expect(fromQueue).toEqual([fromWebhook]);
  });

  it('refuses a queued event of another root account, and a message that is not an event', () => {
    const other = { ...fixture('course_completed'), metadata: { ...fixture('course_completed').metadata, root_account_uuid: 'elsewhere' } };
    expect(() => readCanvasQueueMessage(JSON.stringify(other), source)).toThrow(UnauthorizedError);
    expect(() => readCanvasQueueMessage('not json', source)).toThrow(ValidationError);
  });
});

describe('canvas: lookupLearner through the REST API', () => {
  it('reads primary_email and name from GET /api/v1/users/:id/profile with the bearer token', async () => {
    await expect(canvas.lookupLearner!('48', source, context)).resolves.toEqual({ email: 'f.adeyemi@northfield.example', name: 'Femi Adeyemi' });
    expect(lms.requests).toContain('GET /api/v1/users/48/profile');
  });

  it('answers undefined for a user Canvas does not know (404) and for one without a visible e-mail', async () => {
    await expect(canvas.lookupLearner!('999', source, context)).resolves.toBeUndefined();
    await expect(canvas.lookupLearner!('90', source, context)).resolves.toBeUndefined();
  });

  it('throws PlatformApiError 401 when Canvas refuses the token', async () => {
    const error = await canvas.lookupLearner!('48', { ...source, apiToken: 'revoked' }, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformApiError);
    expect((error as PlatformApiError).status).toBe(401);
  });

  it('answers undefined without calling anything when the source has no API credentials', async () => {
    await expect(canvas.lookupLearner!('48', { ...source, apiToken: undefined }, context)).resolves.toBeUndefined();
    expect(lms.requests).toEqual([]);
  });

  it('refuses plain http to loopback unless the context allows it (outside the local stack)', async () => {
    const strict = { ...context, fetch };
    await expect(canvas.lookupLearner!('48', source, strict)).rejects.toThrow(/plain http is allowed only to loopback/);
    expect(lms.requests).toEqual([]);
  });
});
