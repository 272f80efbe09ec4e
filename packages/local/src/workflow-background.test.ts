// Background executions (CSV bulk's) on the local interpreter: a few at a time, in the order they
// were started, never ahead of live ones, none while held (a batch running), and a wait for a person
// hands the lane on. The real
// interpreter runs a small ASL; no journal (the in-memory runner).
import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '@tessera/workflow';
import { createLocalWorkflow, type LambdaHandler } from './workflow-runner.ts';

const oneStep = {
  StartAt: 'Work',
  States: { Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'work', 'Payload.$': '$' }, End: true } },
} as unknown as StateMachineDefinition;

const waitThenStep = {
  StartAt: 'Ask',
  States: {
    Ask: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'ask', Payload: { 'taskToken.$': '$$.Task.Token', 'name.$': '$.name' } },
      Next: 'Work',
    },
    Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'work', 'Payload.$': '$' }, End: true },
  },
} as unknown as StateMachineDefinition;

/** A step that holds until its gate opens, recording who ran and how many ran at once. */
function gatedSteps() {
  const started: string[] = [];
  const gates = new Map<string, () => void>();
  let running = 0;
  let most = 0;
  const work: LambdaHandler = async (event) => {
    const { name } = event as { name: string };
    started.push(name);
    most = Math.max(most, ++running);
    await new Promise<void>((open) => gates.set(name, open));
    running--;
    return { done: name };
  };
  /** Opens the gate of a step once it has started. */
  const open = async (name: string) => {
    await until(() => gates.has(name));
    gates.get(name)!();
  };
  return { work, started, open, most: () => most };
}

async function until(condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('background executions on the local workflow', () => {
  it('run at most backgroundLanes at a time, in the order started, and every one runs', async () => {
    // Prepare
    const steps = gatedSteps();
    const workflow = createLocalWorkflow({ definition: oneStep, handlers: { work: steps.work }, backgroundLanes: 2 });
    const names = ['b1', 'b2', 'b3', 'b4', 'b5'];

    // Act
    for (const name of names) expect(await workflow.start(name, { name }, { background: true })).toEqual({ alreadyStarted: false });
    await until(() => steps.started.length === 2);
    const whileFirstTwoRun = [...steps.started];
    for (const name of names) await steps.open(name);
    await workflow.idle();

    // Assess
    expect(whileFirstTwoRun).toEqual(['b1', 'b2']);
    expect(steps.started).toEqual(names);
    expect(steps.most()).toBe(2);
    expect(names.map((name) => workflow.execution(name)?.status)).toEqual(names.map(() => 'SUCCEEDED'));
  });

  it('never hold up a live execution: one started without the option runs at once, beside full lanes', async () => {
    // Prepare: one lane, taken; another background one waiting.
    const steps = gatedSteps();
    const workflow = createLocalWorkflow({ definition: oneStep, handlers: { work: steps.work }, backgroundLanes: 1 });
    await workflow.start('b1', { name: 'b1' }, { background: true });
    await workflow.start('b2', { name: 'b2' }, { background: true });

    // Act
    await workflow.start('live', { name: 'live' });
    await until(() => steps.started.includes('live'));

    // Assess
    expect(steps.started).toEqual(['b1', 'live']);
    for (const name of ['b1', 'live', 'b2']) await steps.open(name);
    await workflow.idle();
    expect(steps.started).toEqual(['b1', 'live', 'b2']);
  });

  it('hand the lane on while one waits for a person, and carry it on when the person answers', async () => {
    // Prepare: one lane; each execution first waits for a callback (a review), then works.
    const steps = gatedSteps();
    const tokens = new Map<string, string>();
    const ask: LambdaHandler = async (event) => {
      const { name, taskToken } = event as { name: string; taskToken: string };
      tokens.set(name, taskToken);
      return {};
    };
    const workflow = createLocalWorkflow({ definition: waitThenStep, handlers: { ask, work: steps.work }, backgroundLanes: 1 });

    // Act
    await workflow.start('b1', { name: 'b1' }, { background: true });
    await workflow.start('b2', { name: 'b2' }, { background: true });
    await until(() => tokens.has('b1') && tokens.has('b2'));
    await workflow.succeed(tokens.get('b1')!, { name: 'b1' });
    await workflow.succeed(tokens.get('b2')!, { name: 'b2' });
    await steps.open('b1');
    await steps.open('b2');
    await workflow.idle();

    // Assess: b2 was asked while b1 still waited; both then finished.
    expect(workflow.execution('b1')?.status).toBe('SUCCEEDED');
    expect(workflow.execution('b2')?.status).toBe('SUCCEEDED');
  });

  it('stopped, forget the ones still waiting for a lane: idle() returns, and none of them runs', async () => {
    // Prepare
    const steps = gatedSteps();
    const workflow = createLocalWorkflow({ definition: oneStep, handlers: { work: steps.work }, backgroundLanes: 1 });
    await workflow.start('b1', { name: 'b1' }, { background: true });
    await workflow.start('b2', { name: 'b2' }, { background: true });
    await until(() => steps.started.length === 1);

    // Act
    workflow.stop();
    await workflow.idle();

    // Assess
    expect(steps.started).toEqual(['b1']);
    expect(workflow.execution('b2')?.status).toBe('FAILED');
  });

  it('start none while held (those running carry on), and go on when every hold is released', async () => {
    // Prepare: two lanes, one execution running, then a hold (a bulk batch), twice.
    const steps = gatedSteps();
    const workflow = createLocalWorkflow({ definition: oneStep, handlers: { work: steps.work }, backgroundLanes: 2 });
    await workflow.start('b1', { name: 'b1' }, { background: true });
    await until(() => steps.started.length === 1);
    const releaseFirst = workflow.holdBackground();
    const releaseSecond = workflow.holdBackground();

    // Act
    await workflow.start('b2', { name: 'b2' }, { background: true });
    await steps.open('b1');
    await workflow.execution('b1')!.done;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const whileHeld = [...steps.started];
    releaseFirst();
    releaseFirst(); // a second call of the same release changes nothing
    await new Promise((resolve) => setTimeout(resolve, 50));
    const whileStillHeld = [...steps.started];
    releaseSecond();
    await steps.open('b2');
    await workflow.idle();

    // Assess
    expect(whileHeld).toEqual(['b1']);
    expect(whileStillHeld).toEqual(['b1']);
    expect(steps.started).toEqual(['b1', 'b2']);
  });
});
