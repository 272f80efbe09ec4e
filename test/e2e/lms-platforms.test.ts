// Each LMS kind end to end on the local stack with its REAL adapter: one admin call configures the
// source, the platform's own payloads (test/fixtures/lms, in each platform's shape) are posted over
// HTTP to the webhookUrl the call answered, and every delivery is accounted for in the source's
// events log, with a credential ISSUED for the right learner and achievement. Canvas's signing keys,
// its profile API and Moodle's web service are a fake LMS on loopback (test/support/fake-lms.ts).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '@tessera/core';
import { generateSigningKey, lmsFixture, lmsFixtureJson, signCanvasEvent, startFakeLms, type FakeLms } from '../support/fake-lms.ts';
import { pollFor } from '../support/mail.ts';
import { adminCall, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

// The demo achievement with the `auto` review policy (issued without a reviewer) and one credential
// per learner, so a second award for the same e-mail is a duplicate whatever the source.
const ACHIEVEMENT = 'demo-data-literacy';
const CANVAS_KEY = generateSigningKey('canvas-2026-11');

let tessera: TestTessera;
let lms: FakeLms;
const startedAt = new Date().toISOString();

beforeAll(async () => {
  lms = await startFakeLms({
    keys: [CANVAS_KEY],
    canvas: { token: 'canvas-api-token', users: { '4472': { name: 'Bea Grader', primary_email: 'bea.grader@northfield.example' } } },
    moodle: { token: 'moodle-ws-token', users: { '57': { firstname: 'Tomás', lastname: 'Brennan', email: 'T.Brennan@northfield.example' } } },
  });
  tessera = await startTestTessera({ demoAchievement: { allowRepeat: false, qaPolicy: 'auto' } });
});
afterAll(async () => {
  await tessera?.close();
  await lms?.close();
});

const admin = (method: string, path: string, body?: unknown, contentType?: string) => adminCall(tessera, method, path, body, contentType);

/** The one admin call that configures a source; answers its webhookUrl and secret (none for canvas). */
async function createSource(source: Record<string, unknown>): Promise<{ webhookUrl: string; secret?: string }> {
  const created = await admin('POST', '/admin/sources', source);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.webhookUrl).toMatch(new RegExp(`^${tessera.url}/webhooks/${source.id as string}`));
  return { webhookUrl: created.body.webhookUrl as string, secret: created.body.secret as string | undefined };
}

type LoggedEvent = { key: string; type: string; outcome: DeliveryOutcome; reason?: string; submissionId?: string; receivedAt: string };
type EventsLog = { counts: Record<DeliveryOutcome, number>; events: LoggedEvent[] };

async function eventsLog(sourceId: string): Promise<EventsLog> {
  const { status, body } = await admin('GET', `/admin/sources/${sourceId}/events`);
  expect(status).toBe(200);
  return body as EventsLog;
}

/** Posts one delivery and answers the platform's response with the log entries it added (the log
 *  lists entries oldest first, so the new ones are those past the earlier length). */
async function deliver(sourceId: string, post: () => Promise<Response>, expectedEntries = 1): Promise<{ status: number; entries: LoggedEvent[] }> {
  const before = (await eventsLog(sourceId)).events.length;
  const response = await post();
  await response.text();
  await tessera.deliveries.idle();
  const entries = await pollFor(`${expectedEntries} new entries in ${sourceId}'s events log`, async () => {
    const { events } = await eventsLog(sourceId);
    return events.length >= before + expectedEntries ? events.slice(before) : undefined;
  });
  return { status: response.status, entries };
}

const submissionsSoFar = async () => (await tessera.dependencies.store.submissions.listByAchievement(ACHIEVEMENT, { from: startedAt, to: '2999-01-01T00:00:00.000Z' })).length;
const keptBodies = async (sourceId: string) => (await readdir(join(tessera.dataDir, 'deliveries', sourceId)).catch(() => [] as string[])).length;

/** The entry's submission ends ISSUED, for the learner and achievement expected. */
async function expectIssued(entry: LoggedEvent | undefined, email: string, name?: string) {
  expect(entry).toMatchObject({ outcome: 'accepted', submissionId: expect.stringMatching(/^sub_/) });
  const submission = await tessera.waitForStatus(entry!.submissionId!, ['ISSUED']);
  expect(submission.achievementId).toBe(ACHIEVEMENT);
  expect(submission.recipient.email).toBe(email);
  if (name) expect(submission.recipient.name).toBe(name);
}

/** A duplicate names the first submission and adds none; a forged delivery is refused, logged, and
 *  leaves neither a kept body nor a submission behind. */
async function expectDuplicate(sourceId: string, post: () => Promise<Response>, first: LoggedEvent) {
  const submissions = await submissionsSoFar();
  const again = await deliver(sourceId, post);
  expect(again.status).toBe(202);
  expect(again.entries).toEqual([expect.objectContaining({ key: first.key, outcome: 'duplicate', submissionId: first.submissionId })]);
  expect(await submissionsSoFar()).toBe(submissions);
}
async function expectRefused(sourceId: string, post: () => Promise<Response>, status = 401) {
  const submissions = await submissionsSoFar();
  const kept = await keptBodies(sourceId);
  const refused = await deliver(sourceId, post);
  expect(refused.status).toBe(status);
  expect(refused.entries).toEqual([expect.objectContaining({ outcome: 'refused' })]);
  expect(await submissionsSoFar()).toBe(submissions);
  expect(await keptBodies(sourceId)).toBe(kept);
}

describe('canvas: signed Live Events verified against the JWKS on the fake LMS', () => {
  let webhookUrl: string;
  // Canvas posts the JWS as the body; the Content-Type it declares says nothing about that.
  const post = (jws: string) => () => fetch(webhookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: jws });
  const fixture = (name: string) => lmsFixtureJson(`canvas/${name}.json`);

  beforeAll(async () => {
    ({ webhookUrl } = await createSource({
      id: 'canvas-e2e',
      kind: 'canvas',
      name: 'Northfield Canvas',
      jwksUrl: lms.jwksUrl,
      apiUrl: lms.url,
      apiToken: 'canvas-api-token',
      rules: [
        { course: '812', achievementId: ACHIEVEMENT },
        { course: 'assignment:2280', achievementId: ACHIEVEMENT, minScore: 0.7 },
      ],
    }));
  });

  it('course_completed: accepted and issued for the e-mail in the event; again a duplicate; forged refused', async () => {
    const jws = signCanvasEvent(fixture('course_completed'), CANVAS_KEY);

    const { status, entries } = await deliver('canvas-e2e', post(jws));

    expect(status).toBe(202);
    expect(entries).toEqual([expect.objectContaining({ type: 'course_completed', outcome: 'accepted' })]);
    await expectIssued(entries[0], 'a.okafor@northfield.example', 'Adaeze Okafor');
    await expectDuplicate('canvas-e2e', post(jws), entries[0]!);
    // The same kid, another private key: what a forger without Instructure's key can do.
    const forger = generateSigningKey(CANVAS_KEY.kid);
    const forged = fixture('course_completed');
    forged.body.user = { id: '9999', email: 'forger@example.org', name: 'Forger' };
    await expectRefused('canvas-e2e', post(signCanvasEvent(forged, forger)));
  });

  it('a course with no rule is acknowledged and ignored', async () => {
    const event = fixture('course_completed');
    event.body.course = { account_id: '17', id: '999', name: 'Unmapped', sis_source_id: 'UNMAPPED' };
    event.metadata.context_id = '43910000000000999';
    event.metadata.context_sis_source_id = 'UNMAPPED';

    const { status, entries } = await deliver('canvas-e2e', post(signCanvasEvent(event, CANVAS_KEY)));

    expect(status).toBe(202);
    expect(entries).toEqual([expect.objectContaining({ outcome: 'ignored', reason: expect.stringContaining('no rule') })]);
  });

  it('grade_change: below minScore ignored, above accepted with the e-mail from the profile API', async () => {
    const graded = (score: number, submissionId: string, eventTime: string) => {
      const event = fixture('grade_change');
      Object.assign(event.body, { score, submission_id: submissionId, student_id: '43910000000004472', user_id: '43910000000004472' });
      event.metadata.event_time = eventTime;
      return signCanvasEvent(event, CANVAS_KEY);
    };

    const low = await deliver('canvas-e2e', post(graded(30, '43910000000093121', '2026-11-18T09:41:52.006Z')));
    const high = await deliver('canvas-e2e', post(graded(42, '43910000000093122', '2026-11-18T10:00:00.000Z')));

    expect([low.status, high.status]).toEqual([202, 202]);
    expect(low.entries).toEqual([expect.objectContaining({ type: 'grade_change', outcome: 'ignored', reason: expect.stringContaining('below minScore') })]);
    expect(lms.requests).toContain('GET /api/v1/users/4472/profile');
    await expectIssued(high.entries[0], 'bea.grader@northfield.example', 'Bea Grader');
  });
});

describe('moodle: local_webhooks posts with the token in the body, the e-mail from the web service', () => {
  let webhookUrl: string;
  let secret: string;
  const completion = (overrides: Record<string, unknown> = {}) => ({ ...lmsFixtureJson('moodle/local_webhooks-course_completed.json'), token: secret, ...overrides });
  const post = (body: unknown) => () => fetch(webhookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    const created = await createSource({
      id: 'moodle-e2e',
      kind: 'moodle',
      name: 'Northfield Moodle',
      wsUrl: lms.moodleWsUrl,
      wsToken: 'moodle-ws-token',
      rules: [{ course: '42', achievementId: ACHIEVEMENT }],
    });
    webhookUrl = created.webhookUrl;
    secret = created.secret!;
  });

  it('course_completed: accepted and issued for relateduserid; again a duplicate; a wrong token refused', async () => {
    const { status, entries } = await deliver('moodle-e2e', post(completion()));

    expect(status).toBe(202);
    expect(entries).toEqual([expect.objectContaining({ type: '\\core\\event\\course_completed', outcome: 'accepted' })]);
    expect(lms.requests).toContain('GET /webservice/rest/server.php');
    await expectIssued(entries[0], 't.brennan@northfield.example', 'Tomás Brennan');
    await expectDuplicate('moodle-e2e', post(completion()), entries[0]!);
    await expectRefused('moodle-e2e', post(completion({ token: 'lw-3b9e1f07c2d84a6f', relateduserid: '58' })));
  });

  it('the same completion through tool_trigger (bearer token, all strings) is the same event: a duplicate; a wrong bearer refused', async () => {
    const [accepted] = (await eventsLog('moodle-e2e')).events.filter((e) => e.outcome === 'accepted');
    const toolTrigger = (token: string) => () =>
      fetch(webhookUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: lmsFixture('moodle/tool_trigger-course_completed.json'),
      });

    await expectDuplicate('moodle-e2e', toolTrigger(secret), accepted!);
    await expectRefused('moodle-e2e', toolTrigger('not-the-secret'));
  });

  it('a course with no rule, and an event no rule can use, are acknowledged and ignored', async () => {
    const unmapped = await deliver('moodle-e2e', post(completion({ courseid: '99', objectid: 9001 })));
    const viewed = await deliver('moodle-e2e', post({ ...lmsFixtureJson<Record<string, unknown>>('moodle/local_webhooks-course_viewed.json'), token: secret }));

    expect([unmapped.status, viewed.status]).toEqual([202, 202]);
    expect(unmapped.entries).toEqual([expect.objectContaining({ outcome: 'ignored', reason: 'no rule for course 99' })]);
    expect(viewed.entries).toEqual([expect.objectContaining({ outcome: 'ignored' })]);
  });
});

describe('openedx: openedx-webhooks posts to the URL with the secret in its path', () => {
  let webhookUrl: string;
  const post =
    (body: unknown, url = webhookUrl) =>
    () =>
      fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const passing = (isPassing: boolean, id: string) => {
    const event = lmsFixtureJson('openedx/course_passing_status_updated.json');
    event['openedx_events.learning.data.CoursePassingStatusData'].is_passing = isPassing;
    event.event_metadata.id = id;
    return event;
  };

  beforeAll(async () => {
    ({ webhookUrl } = await createSource({
      id: 'openedx-e2e',
      kind: 'openedx',
      name: 'Northfield Open edX',
      rules: [{ course: 'course-v1:NorthfieldX+DATA101+2026_T3', achievementId: ACHIEVEMENT }],
    }));
  });

  it('passing: accepted and issued for the e-mail in user.pii; again a duplicate; the bare path and a wrong secret 401', async () => {
    const body = passing(true, '5f2c9a70-c6d1-11f0-8de9-0242ac120004');

    const { status, entries } = await deliver('openedx-e2e', post(body));

    expect(status).toBe(202);
    expect(entries).toEqual([expect.objectContaining({ key: '5f2c9a70-c6d1-11f0-8de9-0242ac120004', outcome: 'accepted' })]);
    await expectIssued(entries[0], 'r.patel@learners.northfield.example', 'Riya Patel');
    await expectDuplicate('openedx-e2e', post(body), entries[0]!);
    const bare = webhookUrl.slice(0, webhookUrl.lastIndexOf('/'));
    await expectRefused('openedx-e2e', post(passing(true, 'bare-path'), bare));
    await expectRefused('openedx-e2e', post(passing(true, 'wrong-secret'), `${bare}/not-the-secret`));
  });

  it('passing then not passing never revokes: the flip is ignored and the credential stays issued', async () => {
    const [accepted] = (await eventsLog('openedx-e2e')).events.filter((e) => e.outcome === 'accepted');

    const flip = await deliver('openedx-e2e', post(passing(false, '7a0b1c2d-c6d2-11f0-8de9-0242ac120004')));
    await tessera.workflow.idle();

    expect(flip.status).toBe(202);
    expect(flip.entries).toEqual([expect.objectContaining({ outcome: 'ignored', reason: expect.stringContaining('not passing') })]);
    expect((await tessera.submission(accepted!.submissionId!))?.status).toBe('ISSUED');
  });

  it('certificate.created for a course with no rule is acknowledged and ignored', async () => {
    const event = lmsFixtureJson('openedx/certificate_created.json');
    event['openedx_events.learning.data.CertificateData'].course.course_key = 'course-v1:NorthfieldX+NOPE+2026_T3';

    const { status, entries } = await deliver('openedx-e2e', post(event));

    expect(status).toBe(202);
    expect(entries).toEqual([expect.objectContaining({ outcome: 'ignored', reason: 'no rule for course course-v1:NorthfieldX+NOPE+2026_T3' })]);
  });
});

describe('caliper: sensor envelopes with a bearer token, learners from the directory', () => {
  let webhookUrl: string;
  let secret: string;
  const SECTION = 'https://lrn.northfield.example/courses/stat-210/sections/2';
  const LEARNER = 'https://lrn.northfield.example/users/8803';
  const post =
    (body: unknown, headers: Record<string, string> = {}) =>
    () =>
      fetch(webhookUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}`, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
  const graded = (scoreGiven: number, id: string) => {
    const envelope = lmsFixtureJson('caliper/envelope-grade-graded.json');
    Object.assign(envelope.data[0], { id });
    envelope.data[0].generated.scoreGiven = scoreGiven;
    return envelope;
  };

  beforeAll(async () => {
    const created = await createSource({ id: 'caliper-e2e', kind: 'caliper', name: 'Northfield sensor', rules: [{ course: SECTION, achievementId: ACHIEVEMENT, minScore: 0.8 }] });
    webhookUrl = created.webhookUrl;
    secret = created.secret!;
  });

  it('GradeEvent below minScore is ignored; above it is unresolved (no e-mail), then accepted once the learner directory names the learner', async () => {
    const low = await deliver('caliper-e2e', post(graded(30, 'urn:uuid:0c7e2f3a-1111-4a05-bf61-7e0c5d2a8f49')));
    const high = await deliver('caliper-e2e', post(lmsFixture('caliper/envelope-grade-graded.json')));

    expect([low.status, high.status]).toEqual([202, 202]);
    expect(low.entries).toEqual([expect.objectContaining({ type: 'GradeEvent:Graded', outcome: 'ignored', reason: expect.stringContaining('below minScore: 0.5 < 0.8') })]);
    expect(high.entries).toEqual([expect.objectContaining({ outcome: 'unresolved', reason: expect.stringContaining(`no e-mail for LMS user ${LEARNER}`) })]);

    const upload = await admin('POST', '/admin/sources/caliper-e2e/learners', `lmsUserId,email,name\n${LEARNER},Jonas.Weber@northfield.example,Jonas Weber\n`, 'text/csv');
    await tessera.deliveries.idle();

    expect(upload.status).toBe(200);
    const resolved = await pollFor('the unresolved grade to be re-run', async () => {
      const entry = (await eventsLog('caliper-e2e')).events.find((e) => e.key === high.entries[0]!.key);
      return entry?.outcome === 'accepted' ? entry : undefined;
    });
    await expectIssued(resolved, 'jonas.weber@northfield.example', 'Jonas Weber');
    await expectDuplicate('caliper-e2e', post(lmsFixture('caliper/envelope-grade-graded.json')), resolved);
  });

  it('an AssessmentEvent Submitted no rule asks for, and the envelope’s other event, are ignored', async () => {
    const { status, entries } = await deliver('caliper-e2e', post(lmsFixture('caliper/envelope-assessment-submitted.json')), 2);

    expect(status).toBe(202);
    expect(entries.map((e) => [e.type, e.outcome])).toEqual([
      ['AssessmentEvent:Submitted', 'ignored'],
      ['NavigationEvent:NavigatedTo', 'ignored'],
    ]);
  });

  it("answers as Caliper's sensor API says: 401 wrong token, 415 not JSON, 400 bad envelope, 422 another dataVersion; nothing stored", async () => {
    const envelope = graded(55, 'urn:uuid:9f9f9f9f-2222-4a05-bf61-7e0c5d2a8f49');

    await expectRefused('caliper-e2e', post(envelope, { Authorization: 'Bearer not-the-secret' }), 401);
    await expectRefused('caliper-e2e', post(envelope, { 'Content-Type': 'text/plain' }), 415);
    await expectRefused('caliper-e2e', post({ ...envelope, sensor: undefined }), 400);
    await expectRefused('caliper-e2e', post({ ...envelope, dataVersion: 'http://purl.imsglobal.org/ctx/caliper/v1p0' }), 422);
  });
});

describe('the events log accounts for every delivery', () => {
  it("counts each source's outcomes, one per event posted", async () => {
    const counts = Object.fromEntries(await Promise.all(['canvas-e2e', 'moodle-e2e', 'openedx-e2e', 'caliper-e2e'].map(async (id) => [id, (await eventsLog(id)).counts])));

    expect(counts).toEqual({
      'canvas-e2e': { accepted: 2, duplicate: 1, ignored: 2, unresolved: 0, refused: 1 },
      'moodle-e2e': { accepted: 1, duplicate: 2, ignored: 2, unresolved: 0, refused: 2 },
      'openedx-e2e': { accepted: 1, duplicate: 1, ignored: 2, unresolved: 0, refused: 2 },
      'caliper-e2e': { accepted: 1, duplicate: 1, ignored: 3, unresolved: 0, refused: 4 },
    });
  });
});
