// Starts issuance executions on AWS Step Functions and completes its `.waitForTaskToken` tasks.
import { DescribeExecutionCommand, SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { GoneError, type WorkflowCallback, type WorkflowInspector, type WorkflowStarter } from '@tessera/core';

export type SfnWorkflowOptions = { client: SFNClient; stateMachineArn: string };

/** SendTaskFailure's length limits (characters). */
const TASK_FAILURE_LIMITS = { error: 256, cause: 32_768 } as const;

/** Step Functions errors that mean the waiting task is over: its review can no longer be decided. */
const TASK_GONE = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export function createSfnWorkflow({ client, stateMachineArn }: SfnWorkflowOptions): WorkflowStarter & WorkflowCallback & WorkflowInspector {
  /** Sends a task completion; a task that is over becomes a GoneError. */
  async function complete(send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (error) {
      const name = errorName(error);
      if (name && TASK_GONE.has(name)) throw new GoneError('this review can no longer be decided', error);
      throw error;
    }
  }

  return {
    async start(executionName: string, input: unknown): Promise<{ alreadyStarted: boolean }> {
      try {
        await client.send(new StartExecutionCommand({ stateMachineArn, name: executionName, input: toJson(input) }));
        return { alreadyStarted: false };
      } catch (error) {
        // Execution names are unique per state machine (for 90 days after an execution closes).
        // StartExecution with the name of a *running* execution and the *same* input succeeds and
        // returns that execution (so a redelivered start reports alreadyStarted: false, yet starts
        // nothing new); with a different input, or once that execution has closed, it answers
        // ExecutionAlreadyExists. Either way exactly one execution exists for the name.
        if (errorName(error) === 'ExecutionAlreadyExists') return { alreadyStarted: true };
        throw error;
      }
    },

    async executionState(executionName: string) {
      try {
        const { status } = await client.send(new DescribeExecutionCommand({ executionArn: executionArnOf(stateMachineArn, executionName) }));
        return status === 'RUNNING' || status === 'PENDING_REDRIVE' ? 'RUNNING' : 'ENDED';
      } catch (error) {
        // Never started, or closed more than 90 days ago (Step Functions forgets it then).
        if (errorName(error) === 'ExecutionDoesNotExist') return 'NONE';
        throw error;
      }
    },

    async succeed(taskToken: string, output: unknown): Promise<void> {
      await complete(() => client.send(new SendTaskSuccessCommand({ taskToken, output: toJson(output) })));
    },

    async fail(taskToken: string, error: string, cause: string): Promise<void> {
      await complete(() =>
        client.send(
          new SendTaskFailureCommand({
            taskToken,
            error: truncate(error, TASK_FAILURE_LIMITS.error),
            cause: truncate(cause, TASK_FAILURE_LIMITS.cause),
          }),
        ),
      );
    },
  };
}

/** arn:aws:states:R:A:stateMachine:M + name → arn:aws:states:R:A:execution:M:name (standard workflows). */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  const parts = stateMachineArn.split(':');
  if (parts.length < 7 || parts[5] !== 'stateMachine') throw new Error(`not a state machine ARN: ${stateMachineArn}`);
  return [...parts.slice(0, 5), 'execution', parts[6], executionName].join(':');
}

/** The API takes JSON text; `undefined` (which JSON.stringify drops) becomes `null`. */
function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** At most `max` UTF-16 units, never ending in half a surrogate pair (the API would reject it). */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** SDK exceptions carry the service's error name; matching on it also survives duplicate SDK copies in a bundle. */
function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
