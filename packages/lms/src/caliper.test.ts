// Caliper 1.2 envelopes with a bearer token, and the answers Caliper's sensor API specifies.
import { beforeEach, describe, expect, it } from 'vitest';
import { TesseraError, UnauthorizedError, UnprocessableError, UnsupportedMediaTypeError, ValidationError } from '@tessera/core';
import { lmsFixtureJson, testPlatformContext } from '../../../test/support/fake-lms.ts';
import { caliper } from './caliper.ts';
import type { PlatformSource } from './platform.ts';

const SECRET = 'caliper-bearer-2b7e41';
const SECTION = 'https://lrn.northfield.example/courses/stat-210/sections/2';
const LEARNER = 'https://lrn.northfield.example/users/8803';

let source: PlatformSource;
let context: ReturnType<typeof testPlatformContext>;

const fixture = (name: string) => lmsFixtureJson(`caliper/${name}.json`);
const delivery = (body: unknown, headers: Record<string, string> = {}) => ({
  rawBody: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}`, ...headers },
});
const graded = (generated: Record<string, unknown>) => {
  const envelope = fixture('envelope-grade-graded');
  return { ...envelope, data: [{ ...envelope.data[0], generated: { ...envelope.data[0].generated, ...generated } }] };
};
const statusOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (e: unknown) => (e instanceof TesseraError ? e.status : String(e)),
  );

beforeEach(() => {
  source = { id: 'northfield-caliper', kind: 'caliper', secret: SECRET };
  context = testPlatformContext();
});

describe('caliper: authentic envelopes', () => {
  it('reads GradeEvent Graded as a score for the attempt\u2019s assignee (not the autograder), in the group', async () => {
    const events = await caliper.receive(delivery(fixture('envelope-grade-graded')), source, context);

    expect(events).toEqual([
      {
        key: 'urn:uuid:2d7f4c1e-93b8-4a05-bf61-7e0c5d2a8f49',
        type: 'GradeEvent:Graded',
        courses: [SECTION],
        learner: { lmsUserId: LEARNER, email: undefined, name: 'Jonas Weber' },
        result: { kind: 'scored', score: 51, maxScore: 60 },
        occurredAt: '2026-11-19T11:19:58.120Z',
      },
    ]);
  });

  it('reads scores below and above a threshold as they are, maxScore from the assessment when the Score has none', async () => {
    const [below] = await caliper.receive(delivery(graded({ scoreGiven: 12 })), source, context);
    const [above] = await caliper.receive(delivery(graded({ scoreGiven: 60, maxScore: undefined })), source, context);
    const [ungraded] = await caliper.receive(delivery(graded({ scoreGiven: undefined })), source, context);

    expect(below?.result).toEqual({ kind: 'scored', score: 12, maxScore: 60 });
    expect(above?.result).toEqual({ kind: 'scored', score: 60, maxScore: 60 });
    expect(ungraded?.result).toEqual({ kind: 'other' });
  });

  it('reads each event of an envelope: AssessmentEvent Submitted as submitted, others as other, entities skipped', async () => {
    const events = await caliper.receive(delivery(fixture('envelope-assessment-submitted')), source, context);

    expect(events.map((e) => [e.key, e.type, e.result.kind, e.learner.lmsUserId, e.courses])).toEqual([
      ['urn:uuid:b61a0e8d-52c7-4f3b-9d14-c8a7e2f05b36', 'AssessmentEvent:Submitted', 'submitted', LEARNER, [SECTION]],
      ['urn:uuid:e4c3a9f1-07d6-4b28-8e5a-31f9d0c6b7a2', 'NavigationEvent:NavigatedTo', 'other', LEARNER, [SECTION]],
    ]);
  });

  it('takes the e-mail when the learner entity carries one', async () => {
    const envelope = fixture('envelope-assessment-submitted');
    const event = { ...envelope.data[0], actor: { id: LEARNER, type: 'Person', email: 'j.weber@northfield.example' } };
    const [read] = await caliper.receive(delivery({ ...envelope, data: [event] }), source, context);
    expect(read?.learner).toEqual({ lmsUserId: LEARNER, email: 'j.weber@northfield.example', name: undefined });
  });

  it('accepts application/ld+json and a charset parameter', async () => {
    await expect(caliper.receive(delivery(fixture('envelope-grade-graded'), { 'content-type': 'application/ld+json; charset=utf-8' }), source, context)).resolves.toHaveLength(1);
  });

  it('gives a resent envelope the same keys', async () => {
    const first = await caliper.receive(delivery(fixture('envelope-assessment-submitted')), source, context);
    const again = await caliper.receive(delivery(fixture('envelope-assessment-submitted')), source, context);
    expect(again.map((e) => e.key)).toEqual(first.map((e) => e.key));
  });
});

describe('caliper: the answers the sensor API specifies', () => {
  it('401 without a bearer token or with a wrong one', async () => {
    expect(await statusOf(caliper.receive(delivery(fixture('envelope-grade-graded'), { authorization: '' }), source, context))).toBe(401);
    expect(await statusOf(caliper.receive(delivery(fixture('envelope-grade-graded'), { authorization: 'Bearer nope' }), source, context))).toBe(401);
    expect(await statusOf(caliper.receive(delivery(fixture('envelope-grade-graded'), { authorization: `Basic ${SECRET}` }), source, context))).toBe(401);
    await expect(caliper.receive(delivery('{}', { authorization: 'Bearer nope' }), source, context)).rejects.toThrow(UnauthorizedError);
  });

  it('415 when the body is not declared JSON', async () => {
    const error = await caliper.receive(delivery(fixture('envelope-grade-graded'), { 'content-type': 'text/plain' }), source, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
    expect((error as TesseraError).status).toBe(415);
    expect(await statusOf(caliper.receive({ rawBody: '{}', headers: { authorization: `Bearer ${SECRET}` } }, source, context))).toBe(415);
  });

  it('400 for a body that is not JSON, an envelope without sensor, and an event without id', async () => {
    await expect(caliper.receive(delivery('{"sensor":'), source, context)).rejects.toThrow(ValidationError);
    const { sensor: _omitted, ...noSensor } = fixture('envelope-grade-graded');
    expect(await statusOf(caliper.receive(delivery(noSensor), source, context))).toBe(400);
    const envelope = fixture('envelope-grade-graded');
    const { id: _id, ...noId } = envelope.data[0];
    const error = (await caliper.receive(delivery({ ...envelope, data: [noId] }), source, context).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.details[0]?.path).toBe('data.0.id');
  });

  it('422 for a dataVersion it does not read', async () => {
    const error = await caliper
      .receive(delivery({ ...fixture('envelope-grade-graded'), dataVersion: 'http://purl.imsglobal.org/ctx/caliper/v1p0' }), source, context)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableError);
    expect((error as TesseraError).status).toBe(422);
  });
});
