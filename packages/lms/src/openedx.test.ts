// Open edX events as the openedx-webhooks plugin posts them, authenticated by the secret in the path.
import { beforeEach, describe, expect, it } from 'vitest';
import { UnauthorizedError, ValidationError } from '@tessera/core';
import { lmsFixtureJson, testPlatformContext } from '../../../test/support/fake-lms.ts';
import { openedx } from './openedx.ts';
import type { PlatformSource } from './platform.ts';

const SECRET = 'oe-path-secret-6a1d0c93f2';
const PASSING = 'openedx_events.learning.data.CoursePassingStatusData';

let source: PlatformSource;
let context: ReturnType<typeof testPlatformContext>;

const fixture = (name: string) => lmsFixtureJson(`openedx/${name}.json`);
/** `pathSecret: null`: the bare webhook path, without the secret. */
const delivery = (body: unknown, pathSecret: string | null = SECRET) => ({
  rawBody: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
  ...(pathSecret === null ? {} : { pathSecret }),
});
const passing = (isPassing: unknown, id = '5f2c9a70-c6d1-11f0-8de9-0242ac120004') => {
  const body = fixture('course_passing_status_updated');
  return { ...body, [PASSING]: { ...body[PASSING], is_passing: isPassing }, event_metadata: { ...body.event_metadata, id } };
};

beforeEach(() => {
  source = { id: 'northfield-openedx', kind: 'openedx', secret: SECRET };
  context = testPlatformContext();
});

describe('openedx: authentic deliveries', () => {
  it('reads course.passing.status.updated as passing, keyed by event_metadata.id, the learner from user.pii', async () => {
    const events = await openedx.receive(delivery(fixture('course_passing_status_updated')), source, context);

    expect(events).toEqual([
      {
        key: '5f2c9a70-c6d1-11f0-8de9-0242ac120004',
        type: 'org.openedx.learning.course.passing.status.updated.v1',
        courses: ['course-v1:NorthfieldX+DATA101+2026_T3'],
        learner: { lmsUserId: '1184', email: 'r.patel@learners.northfield.example', name: 'Riya Patel' },
        result: { kind: 'passing', passing: true },
        occurredAt: '2026-11-21T16:45:03.118Z',
      },
    ]);
  });

  it('reads a flip to not passing as passing: false (the pipeline never revokes on it)', async () => {
    const [event] = await openedx.receive(delivery(passing(false, 'b0c1')), source, context);
    expect(event?.result).toEqual({ kind: 'passing', passing: false });
  });

  it('reads the plugin\u2019s all-strings serialisation ("True", "1184") the same as JSON types', async () => {
    const body = passing('True');
    const [event] = await openedx.receive(delivery({ ...body, [PASSING]: { ...body[PASSING], user: { ...body[PASSING].user, id: '1184' } } }), source, context);
    expect(event).toMatchObject({ result: { kind: 'passing', passing: true }, learner: { lmsUserId: '1184' } });
  });

  it('reads certificate.created as a completion, a naive Python time as UTC', async () => {
    const [event] = await openedx.receive(delivery(fixture('certificate_created')), source, context);
    expect(event).toMatchObject({
      key: '8a41e3b2-c6d1-11f0-9a1c-0242ac120004',
      type: 'org.openedx.learning.certificate.created.v1',
      courses: ['course-v1:NorthfieldX+DATA101+2026_T3'],
      learner: { lmsUserId: '1184', email: 'r.patel@learners.northfield.example', name: 'Riya Patel' },
      result: { kind: 'completed' },
      occurredAt: '2026-11-21T16:45:09.902Z',
    });
  });

  it('reads any other event (enrollment created) as other, with the learner it names and no blank name', async () => {
    const [event] = await openedx.receive(delivery(fixture('course_enrollment_created')), source, context);
    expect(event).toMatchObject({ type: 'org.openedx.learning.course.enrollment.created.v1', result: { kind: 'other' }, learner: { lmsUserId: '1184', name: undefined } });
  });
});

describe('openedx: the secret in the path', () => {
  it('refuses the bare path (no secret) and a wrong secret', async () => {
    await expect(openedx.receive(delivery(fixture('certificate_created'), null), source, context)).rejects.toThrow(/no secret/);
    await expect(openedx.receive(delivery(fixture('certificate_created'), `${SECRET}x`), source, context)).rejects.toThrow(UnauthorizedError);
  });

  it('refuses before reading the body: a forged garbage body is a 401, not a 400', async () => {
    await expect(openedx.receive({ rawBody: 'garbage', headers: {}, pathSecret: 'guess' }, source, context)).rejects.toThrow(UnauthorizedError);
  });
});

describe('openedx: replayed and repeated', () => {
  it('gives a redelivery the same key, and each grade update its own (the plugin sends a new event id every time)', async () => {
    const [first] = await openedx.receive(delivery(passing(true)), source, context);
    const [again] = await openedx.receive(delivery(passing(true)), source, context);
    const [update] = await openedx.receive(delivery(passing(true, 'c9d2e4f6-c6d2-11f0-8de9-0242ac120004')), source, context);
    expect(again?.key).toBe(first?.key);
    expect(update?.key).not.toBe(first?.key);
  });
});

describe('openedx: malformed bodies', () => {
  it('answers 400 for a body that is not JSON, has no event_metadata, or has no data member', async () => {
    await expect(openedx.receive({ rawBody: 'nope', headers: {}, pathSecret: SECRET }, source, context)).rejects.toThrow(ValidationError);
    const { event_metadata: _omitted, ...noMetadata } = fixture('certificate_created');
    await expect(openedx.receive(delivery(noMetadata), source, context)).rejects.toThrow(ValidationError);
    const noData = (await openedx
      .receive(delivery({ event_metadata: fixture('certificate_created').event_metadata }), source, context)
      .catch((e: unknown) => e)) as ValidationError;
    expect(noData.details[0]?.message).toMatch(/data member/);
  });

  it('answers 400 naming is_passing when a passing status has none', async () => {
    const body = fixture('course_passing_status_updated');
    const { is_passing: _omitted, ...data } = body[PASSING];
    const error = await openedx.receive(delivery({ ...body, [PASSING]: data }), source, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.map((d) => d.path)).toContain('is_passing');
  });
});
