// The local Step Functions: runs the very ASL that CDK deploys in aws-local-stepfunctions, with
// each Task calling the same handler module Lambda runs. `.waitForTaskToken` is not native
// there, so the review Task parks a promise under its token until succeed()/fail() settles it.
import { randomBytes } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import type { Context } from 'aws-lambda';
import { GoneError, type Workflow } from '@tessera/core';
import type { StateMachineDefinition } from '@tessera/workflow';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';
export type Execution = { name: string; input: unknown; status: ExecutionStatus; output?: unknown; error?: { name: string; message: string }; done: Promise<void> };

type Parked = { executionName: string; resolve: (output: unknown) => void; reject: (error: Error) => void };

export type LocalWorkflow = Workflow & {
  execution(name: string): Execution | undefined;
  /** Resolves when every execution started so far has ended (tests and shutdown). */
  idle(): Promise<void>;
};

const CALLBACK_SUFFIX = '.waitForTaskToken';

export function createLocalWorkflow(options: {
  definition: StateMachineDefinition;
  /** Lambda handlers by the FunctionName the definition uses. */
  handlers: Record<string, LambdaHandler>;
  /** Retry pauses in ms (tests pass 0 to skip waiting); default: as the definition says. */
  retryIntervalMs?: number;
  log?: (line: string) => void;
}): LocalWorkflow {
  const machine = new StateMachine(options.definition as never, { validationOptions: { checkArn: false } });
  const executions = new Map<string, Execution>();
  const parked = new Map<string, Parked>();
  const log = options.log ?? (() => {});

  const taskStates = Object.entries(options.definition.States).filter(([, s]) => s.Type === 'Task');

  function overridesFor(executionName: string) {
    const taskResourceLocalHandlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, state] of taskStates) {
      const waitsForCallback = String(state.Resource).endsWith(CALLBACK_SUFFIX);
      taskResourceLocalHandlers[stateName] = async (input) => {
        const { FunctionName, Payload } = input as { FunctionName: string; Payload: unknown };
        const handler = options.handlers[FunctionName];
        if (!handler) throw new Error(`no local handler for function ${FunctionName}`);
        log(`${executionName} ${stateName} → ${FunctionName}`);
        if (!waitsForCallback) return { StatusCode: 200, Payload: await handler(Payload, lambdaContext(FunctionName)) };
        const token = (Payload as { taskToken: string }).taskToken;
        const settled = new Promise((resolve, reject) => parked.set(token, { executionName, resolve, reject }));
        // As on AWS, the invocation's own result is ignored: only the callback completes the task.
        await handler(Payload, lambdaContext(FunctionName));
        return settled;
      };
    }
    const retryIntervalOverrides =
      options.retryIntervalMs === undefined ? undefined : Object.fromEntries(taskStates.map(([name]) => [name, options.retryIntervalMs!]));
    return { taskResourceLocalHandlers, retryIntervalOverrides };
  }

  function settle(taskToken: string): Parked {
    const waiting = parked.get(taskToken);
    if (!waiting) throw new GoneError('the workflow is no longer waiting for this task (timed out or already completed)');
    parked.delete(taskToken);
    return waiting;
  }

  return {
    async start(name, input) {
      if (executions.has(name)) return { alreadyStarted: true };
      const execution: Execution = { name, input, status: 'RUNNING', done: Promise.resolve() };
      executions.set(name, execution);
      const run = machine.run(input as never, {
        overrides: overridesFor(name),
        context: {
          Execution: { Id: `local:execution:${name}`, Name: name, Input: input, StartTime: new Date().toISOString() },
          // One callback task per execution, so one token per execution is enough.
          Task: { Token: randomBytes(24).toString('base64url') },
        },
      } as never);
      execution.done = run.result.then(
        (output: unknown) => {
          execution.status = 'SUCCEEDED';
          execution.output = output;
          log(`${name} succeeded`);
        },
        (error: Error) => {
          execution.status = 'FAILED';
          execution.error = { name: error.name, message: error.message };
          log(`${name} failed: ${error.name}: ${error.message}`);
        },
      ).finally(() => {
        for (const [token, waiting] of parked) if (waiting.executionName === name) parked.delete(token);
      });
      return { alreadyStarted: false };
    },
    async succeed(taskToken, output) {
      settle(taskToken).resolve(output);
    },
    async fail(taskToken, error, cause) {
      const failure = new Error(cause);
      failure.name = error;
      settle(taskToken).reject(failure);
    },
    execution: (name) => executions.get(name),
    async idle() {
      let pending: Execution[];
      while ((pending = [...executions.values()].filter((e) => e.status === 'RUNNING')).length) {
        await Promise.all(pending.map((e) => e.done));
      }
    },
  };
}

function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomBytes(16).toString('hex'),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 60_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

export { lambdaContext };
