// Background starts (CSV bulk's executions) recorded together in the local runner's journal on
// DynamoDB Local: a group in one transaction, all or nothing, and a group holding an execution
// already recorded falling back to one start each, every caller hearing its own answer.
import { describe, expect, it } from 'vitest';
import { createExecutionJournal, type ExecutionJournal } from '@tessera/store';
import type { StateMachineDefinition } from '@tessera/workflow';
import { createLocalWorkflow } from '../../packages/local/src/workflow-runner.ts';
import { createTestTable } from '../support/dynamodb.ts';

const started = (name: string) => ({ name, input: { submissionId: name }, taskToken: `token-${name}`, startedAt: '2026-12-03T10:00:00.000Z' });

const oneStep = {
  StartAt: 'Work',
  States: { Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'work', 'Payload.$': '$' }, End: true } },
} as unknown as StateMachineDefinition;

async function journalCounted() {
  const table = await createTestTable();
  const journal = createExecutionJournal({ client: table.client, tableName: table.tableName });
  const calls = { start: 0, startAll: [] as number[] };
  const counted: ExecutionJournal = {
    ...journal,
    start: (record) => (calls.start++, journal.start(record)),
    startAll: (records) => (calls.startAll.push(records.length), journal.startAll!(records)),
  };
  return { journal, counted, calls };
}

describe('journal.startAll', () => {
  it('records every new execution of the group in one transaction, or none when one is already recorded', async () => {
    // Prepare
    const { journal } = await journalCounted();
    await journal.start(started('sub_known'));

    // Act
    const allNew = await journal.startAll!([started('sub_a'), started('sub_b'), started('sub_c')]);
    const withKnown = await journal.startAll!([started('sub_d'), { ...started('sub_known'), taskToken: 'other' }]);

    // Assess
    expect(allNew).toBe(true);
    expect((await journal.listUnfinished()).map((r) => r.name).sort()).toEqual(['sub_a', 'sub_b', 'sub_c', 'sub_known']);
    expect(withKnown).toBe(false);
    expect(await journal.get('sub_d')).toBeUndefined();
    expect((await journal.get('sub_known'))?.taskToken).toBe('token-sub_known');
  });
});

describe('background starts on the local workflow', () => {
  it('record starts that arrive together in fewer writes, each one recorded, a repeat still alreadyStarted', async () => {
    // Prepare: held, so that nothing runs; one name already in the journal (a run that died).
    const { journal, counted, calls } = await journalCounted();
    await journal.start(started('sub_earlier'));
    const workflow = createLocalWorkflow({ definition: oneStep, handlers: { work: async () => ({}) }, journal: counted });
    workflow.holdBackground();
    const names = Array.from({ length: 24 }, (_, i) => `sub_${i}`);

    // Act
    const answers = await Promise.all(names.map((name) => workflow.start(name, { submissionId: name }, { background: true })));
    const repeat = await Promise.all(['sub_x', 'sub_y', 'sub_earlier'].map((name) => workflow.start(name, { submissionId: name }, { background: true })));

    // Assess: the first start on its own, the 23 that arrived meanwhile in one transaction.
    expect(answers.every((a) => !a.alreadyStarted)).toBe(true);
    expect(calls.startAll).toEqual([23, 2]);
    for (const name of names) expect((await journal.get(name))?.status).toBe('RUNNING');
    // sub_x on its own; sub_y with sub_earlier refused as a group, then one start each.
    expect(repeat).toEqual([{ alreadyStarted: false }, { alreadyStarted: false }, { alreadyStarted: true }]);
    expect(calls.start).toBe(1 + 1 + 2);
    expect((await journal.get('sub_y'))?.status).toBe('RUNNING');
    workflow.stop();
  });
});

describe('resuming a journal after a restart', () => {
  const askThenWork = {
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'ask', Payload: { 'taskToken.$': '$$.Task.Token', 'submissionId.$': '$.submissionId' } },
        TimeoutSeconds: 7200,
        ResultPath: null,
        Next: 'Work',
      },
      Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'work', 'Payload.$': '$' }, End: true },
    },
  } as unknown as StateMachineDefinition;

  it('takes turns in the background lanes, while one waiting for a person waits again at once', async () => {
    // Prepare: six executions a crashed process left at Work, and one whose reviewers were mailed.
    const { journal } = await journalCounted();
    const names = Array.from({ length: 6 }, (_, i) => `sub_r${i}`);
    for (const name of names) {
      await journal.start(started(name));
      await journal.checkpoint(name, { state: 'Work', input: { submissionId: name }, enteredAt: '2026-12-03T10:00:01.000Z' });
    }
    await journal.start(started('sub_review'));
    await journal.checkpoint('sub_review', {
      state: 'Ask',
      input: { submissionId: 'sub_review' },
      enteredAt: '2026-12-03T10:00:01.000Z',
      deadlineAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    await journal.callbackInvoked('sub_review', 'Ask', '2026-12-03T10:00:02.000Z');
    const running = new Set<string>();
    const gates = new Map<string, () => void>();
    let most = 0;
    const asked: string[] = [];
    const work = async (event: unknown) => {
      const { submissionId } = event as { submissionId: string };
      running.add(submissionId);
      most = Math.max(most, [...running].filter((n) => n !== 'sub_review').length);
      await new Promise<void>((open) => gates.set(submissionId, open));
      running.delete(submissionId);
      return {};
    };
    const workflow = createLocalWorkflow({ definition: askThenWork, handlers: { work, ask: async (e) => void asked.push(String(e)) }, journal, backgroundLanes: 2 });

    // Act
    const resumed = await workflow.resumeUnfinished();
    await until(() => running.size === 2);
    const firstTurn = [...running].sort();
    await workflow.succeed('token-sub_review', { decision: 'approve' });
    await until(() => running.has('sub_review'));
    for (const name of [...names, 'sub_review']) {
      await until(() => gates.has(name));
      gates.get(name)!();
    }
    await workflow.idle();

    // Assess
    expect(resumed).toBe(7);
    expect(firstTurn).toEqual(['sub_r0', 'sub_r1']);
    expect(most).toBe(2);
    expect(asked).toEqual([]); // its reviewers were mailed before the crash: not again
    for (const name of [...names, 'sub_review']) expect((await journal.get(name))?.status, name).toBe('SUCCEEDED');
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
