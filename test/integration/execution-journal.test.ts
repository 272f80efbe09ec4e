// The local runner's execution journal on DynamoDB Local: one record per execution name, progress
// written only while it runs, and the unfinished ones listed by their sparse GSI1 partition.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { StoredItemInvalidError, createExecutionJournal, keys, type ExecutionJournal } from '@tessera/store';
import { createTestTable } from '../support/dynamodb.ts';

let journal: ExecutionJournal;
beforeAll(async () => {
  const table = await createTestTable();
  journal = createExecutionJournal({ client: table.client, tableName: table.tableName });
});

const started = (name: string, startedAt = '2026-12-01T10:00:00.000Z') => ({ name, input: { submissionId: name }, taskToken: `token-${name}`, startedAt });

describe('execution journal', () => {
  it('records an execution once: a second start of the name gets the first record, token included', async () => {
    const first = await journal.start(started('sub_once'));
    const second = await journal.start({ ...started('sub_once'), taskToken: 'another-token' });

    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, record: { taskToken: 'token-sub_once', status: 'RUNNING' } });
  });

  it('keeps the last Task state entered, and marks its callback done only while that state is current', async () => {
    await journal.start(started('sub_progress'));
    await journal.checkpoint('sub_progress', {
      state: 'RequestReview',
      input: { submissionId: 'sub_progress', evidence: { result: { qaPolicy: 'manual' } } },
      enteredAt: '2026-12-01T10:00:01.000Z',
      deadlineAt: '2026-12-08T10:00:01.000Z',
    });

    await journal.callbackInvoked('sub_progress', 'CheckEvidence', '2026-12-01T10:00:02.000Z'); // a late write for another state: ignored
    expect((await journal.get('sub_progress'))?.checkpoint?.callbackInvokedAt).toBeUndefined();
    await journal.callbackInvoked('sub_progress', 'RequestReview', '2026-12-01T10:00:02.000Z');

    expect((await journal.get('sub_progress'))?.checkpoint).toEqual({
      state: 'RequestReview',
      input: { submissionId: 'sub_progress', evidence: { result: { qaPolicy: 'manual' } } },
      enteredAt: '2026-12-01T10:00:01.000Z',
      deadlineAt: '2026-12-08T10:00:01.000Z',
      callbackInvokedAt: '2026-12-01T10:00:02.000Z',
    });
  });

  it('lists only unfinished executions, oldest first; an ended one takes no more progress', async () => {
    await journal.start(started('sub_old', '2026-11-30T09:00:00.000Z'));
    await journal.start(started('sub_done', '2026-11-30T09:30:00.000Z'));
    await journal.finish('sub_done', { status: 'FAILED', at: '2026-11-30T09:31:00.000Z', error: { name: 'Tessera.IssuanceFailed', message: 'a step failed' } });
    await journal.checkpoint('sub_done', { state: 'Release', input: {}, enteredAt: '2026-11-30T09:32:00.000Z' });

    const unfinished = (await journal.listUnfinished()).map((r) => r.name);

    expect(unfinished).toContain('sub_old');
    expect(unfinished).not.toContain('sub_done');
    expect(unfinished.indexOf('sub_old')).toBeLessThan(unfinished.indexOf('sub_once'));
    expect(await journal.get('sub_done')).toMatchObject({ status: 'FAILED', endedAt: '2026-11-30T09:31:00.000Z', error: { name: 'Tessera.IssuanceFailed' } });
    expect((await journal.get('sub_done'))?.checkpoint).toBeUndefined();
  });
});

describe('execution journal: reads are parsed', () => {
  it('names a damaged unfinished execution (no task token) instead of resuming it', async () => {
    // Prepare: an item as a hand edit could leave it, on the unfinished-executions index
    const table = await createTestTable();
    const own = createExecutionJournal({ client: table.client, tableName: table.tableName });
    const { taskToken: _dropped, ...withoutToken } = started('sub_damaged');
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...withoutToken, status: 'RUNNING', ...keys.workflowExecution('sub_damaged'), ...keys.unfinishedExecution(withoutToken.startedAt, 'sub_damaged') },
      }),
    );

    // Act
    const listed = own.listUnfinished();

    // Assess
    await expect(listed).rejects.toBeInstanceOf(StoredItemInvalidError);
    await expect(listed).rejects.toMatchObject({ entity: 'WorkflowExecution', details: [{ path: 'taskToken' }] });
  });
});
