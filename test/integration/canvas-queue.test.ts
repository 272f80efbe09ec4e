// Canvas Live Events over SQS, as Lambda hands them to process-deliveries (there is no SQS here: the
// records are fed to the real handler), against DynamoDB Local: each message runs through the same
// Canvas parsing and the same pipeline as a signed webhook delivery, minus the signature, and ends in
// the source's events log. The queue names the source; a body never does.
import { readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Context, SQSRecord } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFolderDeliveryArchive } from '@tessera/adapters';
import type { DeliveryLogEntry } from '@tessera/core';
import { createHandler } from '../../functions/process-deliveries/handler.ts';
import { parseQueueRecord } from '../../functions/process-deliveries/queue-message.ts';
import { STATE_MACHINE_ARN, anAchievement, coreDependencies, testClock } from '../support/core-dependencies.ts';

const CANVAS_QUEUE_ARN = 'arn:aws:sqs:eu-west-1:111122223333:canvas-live-events-tessera-test';
const DELIVERY_QUEUE_ARN = 'arn:aws:sqs:eu-west-1:111122223333:Tessera-test-DeliveryQueue';
const ROOT_ACCOUNT = 'Qm7tR2xWb9LkP4sNe8Hc1VaZ6yJd3FgU5oIw0TqE';
const SOURCE = 'northfield-canvas';

type CanvasEvent = { metadata: Record<string, unknown>; body: Record<string, unknown> };
const fixture = async (name: string) => JSON.parse(await readFile(`test/fixtures/lms/canvas/${name}.json`, 'utf8')) as CanvasEvent;

let env: Awaited<ReturnType<typeof coreDependencies>>;
let completed: CanvasEvent;
let graded: CanvasEvent;
beforeAll(async () => {
  env = await coreDependencies(testClock('2026-12-03T10:00:00Z'));
  env.deps = {
    ...env.deps,
    config: { ...env.deps.config, canvasQueue: { arn: CANVAS_QUEUE_ARN, sourceId: SOURCE } },
    deliveryArchive: createFolderDeliveryArchive({ dir: await mkdtemp(join(tmpdir(), 'tessera-canvas-queue-')) }),
  };
  env.sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE_ARN}:x`, startDate: new Date() });
  await env.deps.store.achievements.put(anAchievement({ id: 'cell-biology' }));
  await env.deps.store.achievements.put(anAchievement({ id: 'lab-report' }));
  await env.deps.store.webhookSources.put({
    id: SOURCE,
    kind: 'canvas',
    name: 'Northfield Canvas (SQS)',
    rootAccountUuid: ROOT_ACCOUNT,
    rules: [
      { course: '2026-FA-BIO-201', achievementId: 'cell-biology' },
      { course: 'assignment:2280', achievementId: 'lab-report', minScore: 0.8 },
    ],
  });
  completed = await fixture('course_completed');
  graded = await fixture('grade_change');
});
beforeEach(() => env.sfn.resetHistory());

let sent = Date.parse('2026-12-03T09:00:00Z');
/** A record as Lambda's SQS event source hands it over: from a queue, with SQS's own attributes. */
const record = (messageId: string, body: unknown, queueArn = CANVAS_QUEUE_ARN): SQSRecord =>
  ({
    messageId,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    eventSourceARN: queueArn,
    attributes: { SentTimestamp: String((sent += 1000)) },
  }) as SQSRecord;

async function consume(...records: SQSRecord[]) {
  const handler = createHandler(() => env.deps);
  return handler({ Records: records }, { awsRequestId: 'r', functionName: 'process-deliveries' } as Context);
}

const log = () => env.deps.store.deliveries.listEntries(SOURCE);
const outcomes = (entries: DeliveryLogEntry[]) => entries.map((e) => `${e.type} ${e.outcome}${e.achievementId ? ` ${e.achievementId}` : ''}`);
const startedFor = () => env.sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input.name);

describe('Canvas Live Events from the Canvas SQS queue', () => {
  it('runs each message through the Canvas parsing and the delivery pipeline: awarded, ignored, unresolved, logged', async () => {
    // Prepare: a completion (e-mail in the event), a grade above the rule's 0.8 (Canvas sends no
    // e-mail with grades), one below it, and a completion of a course no rule names.
    const below = { ...graded, body: { ...graded.body, submission_id: '43910000000093121', score: 30 } };
    const unmapped = {
      metadata: { ...completed.metadata, context_id: '43910000000000999', context_sis_source_id: null },
      body: { ...completed.body, course: { id: '999', name: 'Other', sis_source_id: null } },
    };

    // Act
    const result = await consume(record('m-completed', completed), record('m-graded', graded), record('m-below', below), record('m-unmapped', unmapped));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const entries = await log();
    expect(outcomes(entries)).toEqual([
      'course_completed accepted cell-biology',
      'grade_change unresolved lab-report',
      'grade_change ignored lab-report',
      'course_completed ignored',
    ]);
    expect(entries[1]!.reason).toContain('no e-mail for LMS user 4471');
    expect(entries[2]!.reason).toContain('below minScore: 0.6 < 0.8');
    expect(entries[3]!.reason).toContain('no rule for course 999');
    // One award, for the learner Canvas named, and its workflow started.
    const submission = await env.deps.store.submissions.get(entries[0]!.submissionId!);
    expect(submission).toMatchObject({ sourceId: SOURCE, achievementId: 'cell-biology', recipient: { email: 'a.okafor@northfield.example', name: 'Adaeze Okafor' } });
    expect(startedFor()).toEqual([entries[0]!.submissionId]);
    // The body is kept, as a webhook delivery's is, for the record and for replays.
    const kept = await env.deps.deliveryArchive.read(SOURCE, entries[0]!.deliveryId);
    expect(JSON.parse(kept!.rawBody)).toEqual(completed);
    expect(entries[0]!.receivedAt).toBe(new Date(sent - 3000).toISOString());
  });

  it('logs nothing twice when SQS redelivers a message, and logs a re-fired completion as a duplicate', async () => {
    // Prepare: the first message again (same message id), and Canvas firing the completion again
    // with an updated completion time (a new message).
    const before = await log();
    const refired = {
      metadata: { ...completed.metadata, event_time: '2026-11-21T08:00:00.000Z' },
      body: { ...completed.body, progress: { completed_at: '2026-11-21T07:59:58.000Z' } },
    };
    const redelivered = { ...record('m-completed', completed), attributes: { SentTimestamp: String(Date.parse(before[0]!.receivedAt)) } } as SQSRecord;

    // Act
    const result = await consume(redelivered, record('m-refired', refired));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const after = await log();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ type: 'course_completed', outcome: 'duplicate', key: before[0]!.key, submissionId: before[0]!.submissionId });
    // Only the first submission's start again, which its execution name makes a no-op (as for a webhook re-fire).
    expect(startedFor()).toEqual([before[0]!.submissionId]);
  });

  it('refuses a message that is not a Canvas event, or is another root account’s: logged refused, not retried', async () => {
    // Prepare
    const foreign = { ...completed, metadata: { ...completed.metadata, root_account_uuid: 'another-institution' } };
    const caliper = { sensor: 'https://canvas.example/sensor', sendTime: '2026-12-03T09:00:00Z', dataVersion: 'http://purl.imsglobal.org/ctx/caliper/v1p2', data: [] };

    // Act
    const result = await consume(record('m-foreign', foreign), record('m-not-json', '{"metadata":'), record('m-caliper', caliper));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const refused = (await log()).filter((e) => e.outcome === 'refused');
    expect(refused.map((e) => e.reason)).toEqual([
      expect.stringContaining('root account "another-institution"'),
      expect.stringContaining('not JSON'),
      expect.stringContaining('Caliper-format event'),
    ]);
    for (const entry of refused) expect(await env.deps.deliveryArchive.read(SOURCE, entry.deliveryId)).toBeUndefined();
    expect(startedFor()).toEqual([]);
  });

  it('retries (towards the dead-letter queue) a message whose configured source is no Canvas source, and leaves the batch’s others done', async () => {
    // Prepare: the stage names a source that is a Moodle one.
    await env.deps.store.webhookSources.put({ id: 'a-moodle', kind: 'moodle', secret: 's', rules: [] });
    const misconfigured = { ...env.deps, config: { ...env.deps.config, canvasQueue: { arn: CANVAS_QUEUE_ARN, sourceId: 'a-moodle' } } };
    const handler = createHandler(() => misconfigured);
    const replay = record('m-replay', { type: 'replay', sourceId: SOURCE, outcome: 'unresolved' }, DELIVERY_QUEUE_ARN);

    // Act
    const result = await handler({ Records: [record('m-stuck', completed), replay] }, { awsRequestId: 'r', functionName: 'process-deliveries' } as Context);

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-stuck' }] });
    expect((await env.deps.store.deliveries.listEntries('a-moodle')).length).toBe(0);
  });
});

describe('which queue a record came from', () => {
  const canvasQueue = { arn: CANVAS_QUEUE_ARN, sourceId: SOURCE };

  it('names the Canvas queue’s source, the message id and when Canvas sent it', () => {
    const work = parseQueueRecord({ messageId: 'm1', body: '{}', eventSourceARN: CANVAS_QUEUE_ARN, attributes: { SentTimestamp: '1796288400000' } }, canvasQueue);
    expect(work).toEqual({ kind: 'canvas-sqs', message: { sourceId: SOURCE, messageId: 'm1', body: '{}', sentAt: new Date(1796288400000) } });
  });

  it('never takes a Canvas-shaped body on Tessera’s own delivery queue for a Canvas event', () => {
    const body = JSON.stringify({ metadata: { event_name: 'course_completed' }, body: {} });
    expect(() => parseQueueRecord({ messageId: 'm2', body, eventSourceARN: DELIVERY_QUEUE_ARN }, canvasQueue)).toThrow('not a delivery message');
    expect(() => parseQueueRecord({ messageId: 'm3', body, eventSourceARN: CANVAS_QUEUE_ARN })).toThrow('not a delivery message');
  });
});
