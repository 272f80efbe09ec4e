import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidArn,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { GoneError } from '@tessera/core';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSfnWorkflow } from './sfn-workflow.ts';

const stateMachineArn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Issuance';
const sfn = mockClient(SFNClient);
const workflow = createSfnWorkflow({ client: new SFNClient({ region: 'eu-west-1' }), stateMachineArn });
const meta = { $metadata: {} };

beforeEach(() => sfn.reset());

describe('start', () => {
  it('starts one execution named after the submission with the input as JSON', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${stateMachineArn}:sub-1`, startDate: new Date() });

    // Act
    const result = await workflow.start('sub-1', { submissionId: 'sub-1', achievementId: 'ach-9' });

    // Assess
    expect(result).toEqual({ alreadyStarted: false });
    expect(sfn.calls()).toHaveLength(1);
    expect(sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input)).toEqual([
      { stateMachineArn, name: 'sub-1', input: '{"submissionId":"sub-1","achievementId":"ach-9"}' },
    ]);
  });

  it('reports a duplicate start as already started instead of failing', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', ...meta }));

    // Act
    const result = await workflow.start('sub-1', { submissionId: 'sub-1' });

    // Assess
    expect(result).toEqual({ alreadyStarted: true });
  });

  it('lets any other Step Functions error through', async () => {
    // Prepare
    const invalidArn = new InvalidArn({ message: 'Invalid Arn', ...meta });
    sfn.on(StartExecutionCommand).rejects(invalidArn);

    // Act
    const started = workflow.start('sub-1', {});

    // Assess
    await expect(started).rejects.toBe(invalidArn);
  });
});

describe('succeed', () => {
  it('completes the waiting task with the output as JSON', async () => {
    // Prepare
    sfn.on(SendTaskSuccessCommand).resolves({});

    // Act
    await workflow.succeed('token-1', { decision: 'approved', reviewer: 'qa@example.edu' });

    // Assess
    expect(sfn.calls()).toHaveLength(1);
    expect(sfn.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input)).toEqual([{ taskToken: 'token-1', output: '{"decision":"approved","reviewer":"qa@example.edu"}' }]);
  });

  it.each([
    ['TaskTimedOut', new TaskTimedOut({ message: 'Task Timed Out', ...meta })],
    ['TaskDoesNotExist', new TaskDoesNotExist({ message: 'Task does not exist', ...meta })],
    ['InvalidToken', new InvalidToken({ message: 'Invalid token', ...meta })],
  ])('turns %s into a GoneError: the review can no longer be decided', async (_name, sfnError) => {
    // Prepare
    sfn.on(SendTaskSuccessCommand).rejects(sfnError);

    // Act
    const succeeded = workflow.succeed('token-1', { decision: 'approved' });

    // Assess
    await expect(succeeded).rejects.toBeInstanceOf(GoneError);
    await expect(succeeded).rejects.toMatchObject({ status: 410, cause: sfnError });
  });

  it('lets errors that do not mean "task over" through unchanged', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    sfn.on(SendTaskSuccessCommand).rejects(throttled);

    // Act
    const succeeded = workflow.succeed('token-1', {});

    // Assess
    await expect(succeeded).rejects.toBe(throttled);
  });
});

describe('fail', () => {
  it('fails the waiting task with the error and cause as given', async () => {
    // Prepare
    sfn.on(SendTaskFailureCommand).resolves({});

    // Act
    await workflow.fail('token-1', 'ReviewRejected', 'evidence does not show the criteria');

    // Assess
    expect(sfn.calls()).toHaveLength(1);
    expect(sfn.commandCalls(SendTaskFailureCommand).map((c) => c.args[0].input)).toEqual([
      { taskToken: 'token-1', error: 'ReviewRejected', cause: 'evidence does not show the criteria' },
    ]);
  });

  it('cuts error and cause to the lengths the API accepts', async () => {
    // Prepare
    sfn.on(SendTaskFailureCommand).resolves({});

    // Act
    await workflow.fail('token-1', 'E'.repeat(300), 'c'.repeat(40_000));

    // Assess
    expect(sfn.commandCalls(SendTaskFailureCommand).map((c) => c.args[0].input)).toEqual([{ taskToken: 'token-1', error: 'E'.repeat(256), cause: 'c'.repeat(32_768) }]);
  });

  it('never cuts a character in half', async () => {
    // Prepare: an emoji (two UTF-16 units) straddles the 256 limit
    sfn.on(SendTaskFailureCommand).resolves({});

    // Act
    await workflow.fail('token-1', `${'E'.repeat(255)}🎓tail`, 'cause');

    // Assess
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]?.args[0].input.error).toBe('E'.repeat(255));
  });

  it('turns an expired task into a GoneError', async () => {
    // Prepare
    sfn.on(SendTaskFailureCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', ...meta }));

    // Act
    const failed = workflow.fail('token-1', 'ReviewRejected', 'no');

    // Assess
    await expect(failed).rejects.toBeInstanceOf(GoneError);
  });
});

describe('executionState (the reconciler asks)', () => {
  const executionArn = 'arn:aws:states:eu-west-1:123456789012:execution:Issuance:sub-1';

  it.each([
    ['RUNNING', 'RUNNING'],
    ['SUCCEEDED', 'ENDED'],
    ['FAILED', 'ENDED'],
    ['TIMED_OUT', 'ENDED'],
    ['ABORTED', 'ENDED'],
  ] as const)('describes the execution named after the submission: %s is %s', async (status, expected) => {
    sfn.on(DescribeExecutionCommand).resolves({ status, executionArn, stateMachineArn, startDate: new Date() });

    const state = await workflow.executionState('sub-1');

    expect(state).toBe(expected);
    expect(sfn.commandCalls(DescribeExecutionCommand).map((c) => c.args[0].input)).toEqual([{ executionArn }]);
  });

  it('says NONE for an execution Step Functions does not know (never started, or forgotten after 90 days)', async () => {
    sfn.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'no such execution', $metadata: {} }));

    expect(await workflow.executionState('sub-1')).toBe('NONE');
  });

  it('passes other failures on (a throttled call is not "no execution")', async () => {
    sfn.on(DescribeExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    await expect(workflow.executionState('sub-1')).rejects.toThrow('Rate exceeded');
  });
});
