// The LMS delivery pipeline end to end on the local stack (DynamoDB Local, the in-process queue, the
// data folder): a platform posts its events, gets 202 at once, and each event ends in the source's
// events log as accepted, duplicate, ignored, unresolved or refused. The platform here is a fake kind
// written for this test (the real parsers live in @tessera/lms), behind the same contract, with a
// fake LMS web service on loopback for the learner look-up.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnauthorizedError, ValidationError, type DeliveryOutcome, type Mail } from '@tessera/core';
import type { LmsEvent, PlatformAdapter } from '@tessera/lms';
import { isReviewRequest, pollFor, waitForMail } from '../support/mail.ts';
import { adminCall, awardRequest, reviewLinkIn, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

/** A fake platform: `Authorization: Bearer <secret>`, a JSON body `{events: [...]}` in Tessera's words
 *  (minus the e-mail when the platform does not send it), and a user look-up on the source's wsUrl. */
type FakeEvent = { id: string; course: string; user: string; email?: string; name?: string; result: LmsEvent['result'] };
const fakeAdapter: PlatformAdapter = {
  kind: 'moodle',
  async receive(delivery, source) {
    if (!source.secret || delivery.headers.authorization !== `Bearer ${source.secret}`) throw new UnauthorizedError('bad bearer token');
    let body: { events?: FakeEvent[] };
    try {
      body = JSON.parse(delivery.rawBody) as { events?: FakeEvent[] };
    } catch (error) {
      throw new ValidationError('not JSON', [], error);
    }
    if (!Array.isArray(body.events)) throw new ValidationError('no events');
    return body.events.map((e) => ({
      key: e.id,
      type: 'fake_completion',
      courses: [e.course],
      learner: { lmsUserId: e.user, email: e.email, name: e.name },
      result: e.result,
      occurredAt: '2026-12-01T10:00:00Z',
    }));
  },
  async lookupLearner(lmsUserId, source, context) {
    if (!source.wsUrl || !source.wsToken) return undefined;
    const response = await context.fetch(`${source.wsUrl}?wstoken=${encodeURIComponent(source.wsToken)}&userid=${encodeURIComponent(lmsUserId)}`);
    if (!response.ok) throw new Error(`web service answered ${response.status}`);
    const users = (await response.json()) as { email: string; fullname: string }[];
    return users[0] && { email: users[0].email, name: users[0].fullname };
  },
};

/** The fake LMS web service: knows user 'ws-7' only, for the token 'ws-token'. */
let lmsApi: Server;
let lmsApiUrl: string;
const lmsApiCalls: string[] = [];

let tessera: TestTessera;
let secret: string;
const ACHIEVEMENT = 'demo-data-literacy';

beforeAll(async () => {
  lmsApi = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    lmsApiCalls.push(url.searchParams.get('userid') ?? '');
    const known = url.searchParams.get('wstoken') === 'ws-token' && url.searchParams.get('userid') === 'ws-7';
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(known ? [{ email: 'Wes.Service@example.org', fullname: 'Wes Service' }] : []));
  });
  await new Promise<void>((resolve) => lmsApi.listen(0, '127.0.0.1', resolve));
  lmsApiUrl = `http://127.0.0.1:${(lmsApi.address() as AddressInfo).port}/webservice/rest/server.php`;
  // Without allowRepeat (the demo sets it): one credential per learner and achievement.
  tessera = await startTestTessera({ provide: { platformAdapters: { moodle: fakeAdapter } }, demoAchievement: { allowRepeat: false } });
  const created = await admin('POST', '/admin/sources', {
    id: 'fake-lms',
    kind: 'moodle',
    name: 'Fake LMS',
    rules: [
      { course: 'C1', achievementId: ACHIEVEMENT, minScore: 0.6 },
      { course: 'LATER', achievementId: ACHIEVEMENT },
    ],
  });
  expect(created.status).toBe(201);
  secret = created.body.secret as string;
  // The LATER rule is taken out again, so its course starts unmapped (the replay test maps it).
  expect((await admin('PATCH', '/admin/sources/fake-lms', { rules: [{ course: 'C1', achievementId: ACHIEVEMENT, minScore: 0.6 }] })).status).toBe(200);
});
afterAll(async () => {
  await tessera?.close();
  await new Promise((resolve) => lmsApi?.close(resolve));
});

const admin = (method: string, path: string, body?: unknown, contentType?: string) => adminCall(tessera, method, path, body, contentType);

let eventCounter = 0;
const fakeEvent = (overrides: Partial<FakeEvent> = {}): FakeEvent => ({
  id: `evt-${++eventCounter}-${Date.now()}`,
  course: 'C1',
  user: `u${eventCounter}`,
  result: { kind: 'completed' },
  ...overrides,
});

async function deliver(events: FakeEvent[], token = secret) {
  const response = await fetch(`${tessera.url}/webhooks/fake-lms`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ events }),
  });
  await tessera.deliveries.idle();
  return response;
}

type LoggedEvent = { key: string; type: string; outcome: DeliveryOutcome; reason?: string; submissionId?: string; receivedAt: string };
async function eventsLog(query = ''): Promise<{ counts: Record<DeliveryOutcome, number>; events: LoggedEvent[] }> {
  const { status, body } = await admin('GET', `/admin/sources/fake-lms/events${query}`);
  expect(status).toBe(200);
  return body as { counts: Record<DeliveryOutcome, number>; events: LoggedEvent[] };
}
const entryOf = async (key: string) => (await eventsLog()).events.filter((e) => e.key === key);

describe('sources of each kind', () => {
  it('answers a platform source with its webhook URL and secret once, and never shows a secret or token again', async () => {
    const created = await admin('POST', '/admin/sources', { id: 'moodle-ws', kind: 'moodle', name: 'Moodle', wsUrl: lmsApiUrl, wsToken: 'ws-token' });
    const read = await admin('GET', '/admin/sources/moodle-ws');
    const list = await admin('GET', '/admin/sources');

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'moodle-ws', kind: 'moodle', rules: [], webhookUrl: `${tessera.url}/webhooks/moodle-ws`, secret: expect.any(String) });
    expect(read.body).toMatchObject({ id: 'moodle-ws', wsUrl: lmsApiUrl, wsTokenSet: true });
    for (const shown of [JSON.stringify(read.body), JSON.stringify(list.body)]) {
      expect(shown).not.toContain(created.body.secret);
      expect(shown).not.toContain('ws-token');
    }
    expect((list.body.sources as { id: string }[]).map((s) => s.id)).toEqual(expect.arrayContaining(['demo', 'fake-lms', 'moodle-ws']));
  });

  it('gives canvas no secret and puts the secret of openedx in its webhook URL', async () => {
    const canvas = await admin('POST', '/admin/sources', { id: 'canvas-1', kind: 'canvas', name: 'Canvas' });
    const openedx = await admin('POST', '/admin/sources', { id: 'edx-1', kind: 'openedx', name: 'Open edX' });

    expect(canvas.status).toBe(201);
    expect(canvas.body.secret).toBeUndefined();
    expect(canvas.body.webhookUrl).toBe(`${tessera.url}/webhooks/canvas-1`);
    expect(openedx.body.webhookUrl).toBe(`${tessera.url}/webhooks/edx-1/${openedx.body.secret}`);
    expect(JSON.stringify((await admin('GET', '/admin/sources/edx-1')).body)).not.toContain(openedx.body.secret);
  });

  it('refuses plain http to another host, a setting of another kind and a rule for an unknown achievement, storing nothing', async () => {
    const http = await admin('POST', '/admin/sources', { id: 'm-http', kind: 'moodle', name: 'M', wsUrl: 'http://lms.example.edu/ws', wsToken: 't' });
    const foreign = await admin('POST', '/admin/sources', { id: 'c-ws', kind: 'caliper', name: 'C', wsUrl: 'https://lms.example.edu/ws' });
    const unknown = await admin('POST', '/admin/sources', { id: 'm-rule', kind: 'moodle', name: 'M', rules: [{ course: 'X', achievementId: 'no-such-badge' }] });
    const score = await admin('POST', '/admin/sources', { id: 'm-score', kind: 'moodle', name: 'M', rules: [{ course: 'X', achievementId: ACHIEVEMENT, minScore: 60 }] });

    expect(http.status).toBe(400);
    expect(http.body.details).toEqual([{ path: 'wsUrl', message: expect.stringContaining('https') }]);
    expect(foreign.status).toBe(400);
    expect(unknown.status).toBe(422);
    expect(unknown.body.details).toEqual([{ path: 'rules.0.achievementId', message: "no achievement 'no-such-badge'" }]);
    expect(score.status).toBe(400);
    for (const id of ['m-http', 'c-ws', 'm-rule', 'm-score']) expect((await admin('GET', `/admin/sources/${id}`)).status).toBe(404);
  });
});

describe('a delivery', () => {
  it('is answered 202 and each event logged: accepted, ignored for no rule, below minScore, not passing', async () => {
    const accepted = fakeEvent({ email: 'ada.lms@example.org', name: 'Ada Lms' });
    const unmapped = fakeEvent({ course: 'UNMAPPED', email: 'x@example.org' });
    const low = fakeEvent({ email: 'low@example.org', result: { kind: 'scored', score: 55, maxScore: 100 } });
    const failing = fakeEvent({ email: 'fail@example.org', result: { kind: 'passing', passing: false } });

    const response = await deliver([accepted, unmapped, low, failing]);

    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ deliveryId: expect.any(String), events: 4 });
    const [ok] = await entryOf(accepted.id);
    expect(ok).toMatchObject({ outcome: 'accepted', type: 'fake_completion', submissionId: expect.stringMatching(/^sub_/) });
    expect(await tessera.submission(ok!.submissionId!)).toMatchObject({ achievementId: ACHIEVEMENT, recipient: { email: 'ada.lms@example.org', name: 'Ada Lms' } });
    expect(await entryOf(unmapped.id)).toEqual([expect.objectContaining({ outcome: 'ignored', reason: 'no rule for course UNMAPPED' })]);
    expect(await entryOf(low.id)).toEqual([expect.objectContaining({ outcome: 'ignored', reason: expect.stringContaining('below minScore: 0.55 < 0.6') })]);
    expect(await entryOf(failing.id)).toEqual([expect.objectContaining({ outcome: 'ignored', reason: expect.stringContaining('not passing') })]);
  });

  it('the same key again is a duplicate naming the first submission, and issues nothing new', async () => {
    const event = fakeEvent({ email: 'twice@example.org' });
    await deliver([event]);
    const [first] = await entryOf(event.id);

    await deliver([{ ...event, email: 'someone.else@example.org' }]);

    const entries = await entryOf(event.id);
    expect(entries.map((e) => e.outcome).sort()).toEqual(['accepted', 'duplicate']);
    expect(entries.find((e) => e.outcome === 'duplicate')).toMatchObject({ submissionId: first!.submissionId, reason: expect.stringContaining('already received') });
  });

  it('refused (bad token, bad body) is 401/400, counted in the log, and its body not kept', async () => {
    const before = (await eventsLog()).counts.refused;
    const kept = async () => (await readdir(join(tessera.dataDir, 'deliveries', 'fake-lms')).catch(() => [] as string[])).length;
    const keptBefore = await kept();

    const forged = await deliver([fakeEvent({ email: 'forged@example.org' })], 'not-the-secret');
    const broken = await fetch(`${tessera.url}/webhooks/fake-lms`, { method: 'POST', headers: { Authorization: `Bearer ${secret}` }, body: '{"nope":' });

    expect(forged.status).toBe(401);
    expect(broken.status).toBe(400);
    const log = await eventsLog('?outcome=refused');
    expect(log.counts.refused).toBe(before + 2);
    expect(log.events.at(-1)).toMatchObject({ outcome: 'refused', key: '', type: 'delivery', reason: 'not JSON' });
    expect(await kept()).toBe(keptBefore);
  });

  it('counts every outcome in the log, and filters by outcome and time', async () => {
    const log = await eventsLog();
    const later = await eventsLog(`?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    const ignored = await eventsLog('?outcome=ignored');

    const tally = (events: LoggedEvent[]) => events.reduce<Record<string, number>>((n, e) => ({ ...n, [e.outcome]: (n[e.outcome] ?? 0) + 1 }), {});
    expect(log.counts).toEqual({ accepted: 0, duplicate: 0, ignored: 0, unresolved: 0, refused: 0, ...tally(log.events) });
    expect(log.counts.accepted).toBeGreaterThanOrEqual(2);
    expect(later.events).toEqual([]);
    expect(ignored.events.length).toBe(log.counts.ignored);
    expect(ignored.events.every((e) => e.outcome === 'ignored')).toBe(true);
  });
});

describe('who the learner is', () => {
  it('unresolved without an e-mail, then accepted once the learner directory names them (re-run by itself)', async () => {
    const event = fakeEvent({ user: 'dir-42' });
    await deliver([event]);
    expect(await entryOf(event.id)).toEqual([expect.objectContaining({ outcome: 'unresolved', reason: expect.stringContaining('no e-mail for LMS user dir-42') })]);

    const upload = await admin('POST', '/admin/sources/fake-lms/learners', 'lmsUserId,email,name\ndir-42,Dora.Dir@Example.org,Dora Dir\nbad-row,not-an-email,\n', 'text/csv');
    await tessera.deliveries.idle();

    expect(upload.status).toBe(207);
    expect(upload.body).toMatchObject({ written: 1, rejected: 1, errors: [{ row: 3, errors: [{ path: 'email' }] }] });
    const [entry] = await entryOf(event.id);
    expect(entry).toMatchObject({ outcome: 'accepted', submissionId: expect.stringMatching(/^sub_/) });
    expect((await tessera.submission(entry!.submissionId!))?.recipient).toEqual({ email: 'dora.dir@example.org', name: 'Dora Dir' });
  });

  it("asks the platform's web service (a real HTTP server on loopback) once the source has its credentials", async () => {
    const event = fakeEvent({ user: 'ws-7' });
    await deliver([event]);
    expect((await entryOf(event.id))[0]?.outcome).toBe('unresolved');

    const patched = await admin('PATCH', '/admin/sources/fake-lms', { wsUrl: lmsApiUrl, wsToken: 'ws-token' });
    await tessera.deliveries.idle();

    expect(patched.status).toBe(200);
    expect(lmsApiCalls).toContain('ws-7');
    const [entry] = await entryOf(event.id);
    expect(entry).toMatchObject({ outcome: 'accepted' });
    expect((await tessera.submission(entry!.submissionId!))?.recipient).toEqual({ email: 'wes.service@example.org', name: 'Wes Service' });
  });
});

describe('replay', () => {
  it('re-runs ignored events after a rule is added, and refuses to replay what was never kept', async () => {
    const event = fakeEvent({ course: 'LATER', email: 'late.rule@example.org' });
    await deliver([event]);
    expect((await entryOf(event.id))[0]).toMatchObject({ outcome: 'ignored', reason: 'no rule for course LATER' });
    await admin('PATCH', '/admin/sources/fake-lms', {
      rules: [
        { course: 'C1', achievementId: ACHIEVEMENT, minScore: 0.6 },
        { course: 'LATER', achievementId: ACHIEVEMENT },
      ],
    });

    const replay = await admin('POST', '/admin/sources/fake-lms/replay', { outcome: 'ignored' });
    await tessera.deliveries.idle();
    const refused = await admin('POST', '/admin/sources/fake-lms/replay', { outcome: 'refused' });

    expect(replay.status).toBe(202);
    expect(await entryOf(event.id)).toEqual([expect.objectContaining({ outcome: 'accepted', replayedAt: expect.any(String) })]);
    expect(refused.status).toBe(400);
  });
});

describe('one credential per learner and achievement', () => {
  it('a second event for the same learner is a duplicate naming the first submission, from this source or the generic webhook', async () => {
    const first = fakeEvent({ email: 'Once.Only@example.org' });
    const second = fakeEvent({ email: 'once.only@example.org' });
    await deliver([first]);
    await deliver([second]);
    const [accepted] = await entryOf(first.id);

    const generic = await tessera.postAward(awardRequest({ recipient: { email: 'ONCE.ONLY@example.org', name: 'Once Only' } }));

    expect((await entryOf(second.id))[0]).toMatchObject({ outcome: 'duplicate', submissionId: accepted!.submissionId, reason: expect.stringContaining('already has, or awaits') });
    expect(generic.status).toBe(202);
    expect(await generic.json()).toEqual({ submissionId: accepted!.submissionId, duplicate: true });
  });

  it('is released when the submission is rejected, so the learner can be awarded again', async () => {
    const first = fakeEvent({ email: 'retry.me@example.org', name: 'Retry Me' });
    await deliver([first]);
    const [accepted] = await entryOf(first.id);
    const mail = await waitForMail(
      () => tessera.mails(),
      (m: Mail) => isReviewRequest('Retry Me')(m),
      'the review mail',
    );
    const decided = await fetch(reviewLinkIn(mail), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'decision=reject' });
    expect(decided.status).toBe(200);
    await tessera.waitForStatus(accepted!.submissionId!, ['REJECTED']);

    // The claim goes when the outcome is recorded; poll, since the workflow records it after the decision.
    const again = fakeEvent({ email: 'retry.me@example.org', name: 'Retry Me' });
    const entry = await pollFor('a new submission for the learner', async () => {
      await deliver([{ ...again, id: `${again.id}-${Date.now()}` }]);
      const last = (await eventsLog()).events.at(-1);
      return last?.outcome === 'accepted' ? last : undefined;
    });

    expect(entry.submissionId).not.toBe(accepted!.submissionId);
  });
});

describe('a crash between the answer and the processing', () => {
  it('loses nothing: a delivery kept but not processed is processed when Tessera starts again', async () => {
    // Prepare: what the webhook leaves behind when the process dies right after answering 202.
    const event = fakeEvent({ email: 'after.crash@example.org' });
    const { dependencies: deps, dataDir } = tessera;
    const receivedAt = new Date().toISOString();
    const deliveryId = `crash-${Date.now()}`;
    await deps.deliveryArchive.keep({
      sourceId: 'fake-lms',
      deliveryId,
      receivedAt,
      rawBody: JSON.stringify({ events: [event] }),
      events: await fakeAdapter.receive(
        { rawBody: JSON.stringify({ events: [event] }), headers: { authorization: `Bearer ${secret}` } },
        { id: 'fake-lms', kind: 'moodle', secret },
        deps.platform,
      ),
    });
    await deps.store.deliveries.recordPending({ sourceId: 'fake-lms', deliveryId, receivedAt });
    expect(await entryOf(event.id)).toEqual([]);
    const tableName = deps.config.tableName;
    await tessera.stop();

    // Act
    tessera = await startTestTessera({ dataDir, tableName, provide: { platformAdapters: { moodle: fakeAdapter } }, demoAchievement: { allowRepeat: false } });
    await tessera.deliveries.idle();

    // Assess
    expect(await entryOf(event.id)).toEqual([expect.objectContaining({ outcome: 'accepted', submissionId: expect.stringMatching(/^sub_/) })]);
    expect(await tessera.dependencies.store.deliveries.listPending()).toEqual([]);
  });
});
