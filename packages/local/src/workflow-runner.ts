// The local Step Functions: runs the very ASL that CDK deploys in aws-local-stepfunctions, with
// each Task calling the same handler module Lambda runs. `.waitForTaskToken` is not native
// there, so the review Task parks a promise under its token until succeed()/fail() settles it.
// With a journal, each execution is recorded in the table (its input, its task token, the last
// Task state entered with that state's input), so a restarted process resumes it where it was:
// a waiting review keeps its token and its deadline, and a reviewer's mailed link still decides.
import { randomBytes } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import type { Context } from 'aws-lambda';
import { GoneError, type Workflow } from '@tessera/core';
import type { ExecutionCheckpoint, ExecutionJournal, ExecutionRecord } from '@tessera/store';
import { RETRYABLE_STEP_ERROR, type StateMachineDefinition } from '@tessera/workflow';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';
export type Execution = { name: string; input: unknown; status: ExecutionStatus; output?: unknown; error?: { name: string; message: string }; done: Promise<void> };

type Parked = { executionName: string; resolve: (output: unknown) => void; reject: (error: Error) => void };

export type LocalWorkflow = Workflow & {
  execution(name: string): Execution | undefined;
  /** Resolves when every execution started so far has ended (tests and shutdown). */
  idle(): Promise<void>;
  /** Carries on every execution the journal has as unfinished (a previous process stopped or
   *  crashed mid-way); returns how many. Call it once the handlers are loaded, before serving. */
  resumeUnfinished(): Promise<number>;
  /** Abandons the running executions without recording an end: the next start resumes them. */
  stop(): void;
  /** Starts no more background executions until the returned release is called (a bulk batch that
   *  runs holds them: its rows first, their executions behind). Those running carry on. */
  holdBackground(): () => void;
};

const CALLBACK_SUFFIX = '.waitForTaskToken';

/** How often the runner writes the end of an execution (or a mailed review) before giving up on it. */
const JOURNAL_WRITE_ATTEMPTS = 5;

type Deferred = { promise: Promise<{ input: unknown; enteredAt: string }>; resolve: (entered: { input: unknown; enteredAt: string }) => void };

export function createLocalWorkflow(options: {
  definition: StateMachineDefinition;
  /** Lambda handlers by the FunctionName the definition uses. */
  handlers: Record<string, LambdaHandler>;
  /** Records executions so that they survive a restart; without it they live in memory only. */
  journal?: ExecutionJournal;
  /** Retry pauses in ms (tests pass 0 to skip waiting); default: as the definition says. */
  retryIntervalMs?: number;
  /** Background executions (StartOptions.background: CSV bulk's) running at once; the rest wait
   *  their turn, recorded in the journal. @default 2 */
  backgroundLanes?: number;
  log?: (line: string) => void;
}): LocalWorkflow {
  const { definition, journal } = options;
  const validationOptions = { validationOptions: { checkArn: false } };
  const machine = new StateMachine(definition as never, validationOptions);
  const executions = new Map<string, Execution>();
  const aborts = new Map<string, () => void>();
  const parked = new Map<string, Parked>();
  const log = options.log ?? (() => {});
  const background = backgroundQueue(options.backgroundLanes ?? 2);
  const recordStart = journal ? coalescedStarts(journal) : undefined;

  const taskStates = Object.entries(definition.States).filter(([, s]) => s.Type === 'Task');
  const retryIntervalOverrides = options.retryIntervalMs === undefined ? undefined : Object.fromEntries(taskStates.map(([name]) => [name, options.retryIntervalMs!]));

  function overridesFor(executionName: string, entered: (state: string) => Deferred, resumedFrom: ExecutionCheckpoint | undefined) {
    const taskResourceLocalHandlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, state] of taskStates) {
      const waitsForCallback = String(state.Resource).endsWith(CALLBACK_SUFFIX);
      taskResourceLocalHandlers[stateName] = async (input) => {
        const { FunctionName, Payload } = input as { FunctionName: string; Payload: unknown };
        const handler = options.handlers[FunctionName];
        if (!handler) throw new Error(`no local handler for function ${FunctionName}`);
        // What a restart needs is written before the step acts: at worst a step runs twice, and
        // every step is idempotent (conditional writes; at most one credential per submission).
        const resumedHere = resumedFrom?.state === stateName ? resumedFrom : undefined;
        const checkpoint = await recordEntry(
          executionName,
          stateName,
          await entered(stateName).promise,
          waitsForCallback ? deadlineOf(state, resumedHere) : undefined,
          resumedHere,
        );
        log(`${executionName} ${stateName} → ${FunctionName}`);
        if (!waitsForCallback) return { StatusCode: 200, Payload: await handler(Payload, lambdaContext(FunctionName)) };
        const token = (Payload as { taskToken: string }).taskToken;
        const settled = new Promise((resolve, reject) => parked.set(token, { executionName, resolve, reject }));
        // Waiting for a person is not running: a background execution's lane goes to the next one.
        background.release(executionName);
        // A resumed wait whose reviewers were already mailed only waits: their links carry this token.
        if (!checkpoint?.callbackInvokedAt) {
          // As on AWS, the invocation's own result is ignored: only the callback completes the task.
          await handler(Payload, lambdaContext(FunctionName));
          // Not worth failing the badge over: unrecorded, a resumed wait would only mail the reviewers again.
          if (journal) {
            await persist(() => journal.callbackInvoked(executionName, stateName, new Date().toISOString())).catch((error: Error) =>
              log(`${executionName} mailed reviewers, not recorded: ${error.message}`),
            );
          }
        }
        return settled;
      };
    }
    return { taskResourceLocalHandlers, retryIntervalOverrides };
  }

  async function recordEntry(
    executionName: string,
    state: string,
    entered: { input: unknown; enteredAt: string },
    deadlineAt: string | undefined,
    resumedHere: ExecutionCheckpoint | undefined,
  ): Promise<ExecutionCheckpoint | undefined> {
    if (!journal) return undefined;
    const checkpoint: ExecutionCheckpoint = resumedHere ?? { state, input: entered.input, enteredAt: entered.enteredAt, ...(deadlineAt ? { deadlineAt } : {}) };
    if (resumedHere) return checkpoint; // already on record, as it is
    try {
      await journal.checkpoint(executionName, checkpoint);
    } catch (error) {
      // A throttled table is worth another try, as the state machine's Retry gives to our steps.
      const retryable = new Error(`could not record the workflow's progress: ${(error as Error).message}`, { cause: error });
      retryable.name = RETRYABLE_STEP_ERROR;
      throw retryable;
    }
    return checkpoint;
  }

  /** Step Functions' own history never loses a write; the journal that stands in for it tries a few
   *  times (a throttled table) before the caller falls back on a resume at the next start. */
  async function persist(write: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (attempt >= JOURNAL_WRITE_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, (options.retryIntervalMs ?? 100) * 2 ** attempt));
      }
    }
  }

  function settle(taskToken: string): Parked {
    const waiting = parked.get(taskToken);
    if (!waiting) throw new GoneError('the workflow is no longer waiting for this task (timed out or already completed)');
    parked.delete(taskToken);
    return waiting;
  }

  /** Runs (or, given a checkpoint, resumes) an execution already reserved in `executions`. */
  function launch(execution: Execution, taskToken: string, from: ExecutionCheckpoint | undefined): void {
    const { name } = execution;
    const waiting = new Map<string, Deferred>();
    const entered = (state: string): Deferred => {
      let deferred = waiting.get(state);
      if (!deferred) {
        let resolve!: Deferred['resolve'];
        deferred = { promise: new Promise((r) => (resolve = r)), resolve };
        waiting.set(state, deferred);
      }
      return deferred;
    };
    const runner = from ? new StateMachine(resumeAt(definition, from) as never, validationOptions) : machine;
    const run = runner.run(
      (from ? from.input : execution.input) as never,
      {
        overrides: overridesFor(name, entered, from),
        noThrowOnAbort: true,
        context: {
          Execution: { Id: `local:execution:${name}`, Name: name, Input: execution.input, StartTime: new Date().toISOString() },
          // One callback task per execution, so one token per execution is enough.
          Task: { Token: taskToken },
        },
      } as never,
    );
    let aborted = false;
    aborts.set(name, () => {
      aborted = true;
      run.abort();
    });
    // Each state's raw input (what a resumed run starts from) comes from the event log; the Task
    // override waits for it. Each state of this ASL is entered at most once per execution.
    void (async () => {
      for await (const event of run.eventLogs) {
        if (event.type === 'StateEntered' && event.index === undefined)
          entered(event.state.name).resolve({ input: event.state.input, enteredAt: new Date(event.timestamp).toISOString() });
      }
    })();
    const finish = async (outcome: { status: 'SUCCEEDED' | 'FAILED'; error?: { name: string; message: string } }) => {
      if (!journal) return;
      try {
        await persist(() => journal.finish(name, { ...outcome, at: new Date().toISOString() }));
      } catch (error) {
        // Left unfinished in the journal: the next start resumes its last step, which is idempotent.
        log(`${name} ended ${outcome.status} but the journal could not record it: ${(error as Error).message}`);
      }
    };
    execution.done = run.result
      .then(
        async (output: unknown) => {
          if (aborted) return;
          execution.status = 'SUCCEEDED';
          execution.output = output;
          log(`${name} succeeded`);
          await finish({ status: 'SUCCEEDED' });
        },
        async (thrown: Error) => {
          if (aborted) return;
          // The interpreter wraps the error; AWS reports the Fail state's (or last step's) own Error and Cause.
          const error = thrown.name === 'ExecutionError' && thrown.cause instanceof Error ? thrown.cause : thrown;
          execution.status = 'FAILED';
          execution.error = { name: error.name, message: error.message };
          log(`${name} failed: ${error.name}: ${error.message}`);
          await finish({ status: 'FAILED', error: execution.error });
        },
      )
      .finally(() => {
        background.release(name);
        aborts.delete(name);
        if (aborted) execution.status = 'FAILED';
        for (const [token, waiting] of parked) if (waiting.executionName === name) parked.delete(token);
      });
  }

  /** Carries on a journal's execution from its checkpoint; false when it cannot (it is then recorded FAILED). */
  async function resume(execution: Execution, record: ExecutionRecord): Promise<boolean> {
    try {
      launch(execution, record.taskToken, record.checkpoint);
    } catch (error) {
      // One record that cannot be resumed (its state is gone from a changed ASL) must not keep
      // the stack from starting: it ends FAILED here, and the reconciler sees its submission.
      executions.delete(record.name);
      const failure = { name: 'Tessera.ResumeFailed', message: `could not resume at ${record.checkpoint?.state}: ${(error as Error).message}` };
      log(`${record.name} ${failure.message}`);
      await journal?.finish(record.name, { status: 'FAILED', at: new Date().toISOString(), error: failure });
      return false;
    }
    log(`${record.name} resumed at ${record.checkpoint?.state ?? definition.StartAt}`);
    return true;
  }

  return {
    async start(name, input, startOptions) {
      if (executions.has(name)) return { alreadyStarted: true };
      // Reserved at once, so a second start racing this one in the same process is a no-op.
      const execution: Execution = { name, input, status: 'RUNNING', done: Promise.resolve() };
      executions.set(name, execution);
      const taskToken = randomBytes(24).toString('base64url');
      if (journal) {
        try {
          // Recorded before the caller hears "started": an accepted webhook is never lost to a crash.
          const fields = { name, input, taskToken, startedAt: new Date().toISOString() };
          const { created, record } = startOptions?.background ? await recordStart!(fields) : await journal.start(fields);
          if (!created) {
            // Recorded as running but not running here (it could not be resumed at start): carry it on now.
            if (record.status === 'RUNNING') launch(execution, record.taskToken, record.checkpoint);
            else executions.delete(name);
            return { alreadyStarted: true };
          }
        } catch (error) {
          executions.delete(name);
          throw error;
        }
      }
      if (startOptions?.background) {
        // Recorded above, so a process that stops while it waits resumes it at the next start.
        execution.done = background.enqueue(name).then((go) => {
          if (!go) {
            execution.status = 'FAILED'; // stopped before its turn, as an aborted one
            return;
          }
          launch(execution, taskToken, undefined);
          return execution.done;
        });
      } else launch(execution, taskToken, undefined);
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
    async executionState(name) {
      const known = executions.get(name);
      if (known) return known.status === 'RUNNING' ? 'RUNNING' : 'ENDED';
      const recorded = await journal?.get(name);
      // Unfinished in the journal but not running here: it is resumed only at start, so it is not alive.
      return recorded?.status === 'RUNNING' || !recorded ? 'NONE' : 'ENDED';
    },
    async idle() {
      let pending: Execution[];
      while ((pending = [...executions.values()].filter((e) => e.status === 'RUNNING')).length) {
        await Promise.all(pending.map((e) => e.done));
      }
    },
    async resumeUnfinished() {
      if (!journal) return 0;
      let resumed = 0;
      for (const record of await journal.listUnfinished()) {
        if (executions.has(record.name)) continue;
        const execution: Execution = { name: record.name, input: record.input, status: 'RUNNING', done: Promise.resolve() };
        executions.set(record.name, execution);
        // One waiting for a person only waits again (its reviewers' links must work at once); the
        // rest take turns in the background lanes, as a bulk batch's do: after a crash during a
        // batch of thousands, starting them all at once took the CPU and the table from everything.
        if (record.checkpoint?.callbackInvokedAt) {
          if (await resume(execution, record)) resumed++;
          continue;
        }
        execution.done = background.enqueue(record.name).then(async (go) => {
          if (!go) {
            execution.status = 'FAILED'; // stopped before its turn: the journal still has it
            return;
          }
          if (await resume(execution, record)) return execution.done;
          background.release(record.name);
        });
        log(`${record.name} queued to resume at ${record.checkpoint?.state ?? definition.StartAt}`);
        resumed++;
      }
      return resumed;
    },
    holdBackground: () => background.hold(),
    stop() {
      background.clear();
      for (const abort of [...aborts.values()]) abort();
    },
  };
}

/**
 * Background executions take turns in a few lanes: one that has a lane runs until it ends or waits
 * for a person (a review), then hands the lane to the next; none starts while something holds them
 * (a bulk batch running: it finishes first, its executions follow). Without this, a bulk batch of thousands
 * started thousands of executions at once in this one process, and they took the CPU and the table
 * from the batch itself and from every request (docs/BENCHMARKS.md, "Bulk awards").
 */
function backgroundQueue(lanes: number) {
  const waiting: { name: string; go: (go: boolean) => void }[] = [];
  const running = new Set<string>();
  let holds = 0;
  const next = () => {
    while (holds === 0 && running.size < lanes && waiting.length) {
      const { name, go } = waiting.shift()!;
      running.add(name);
      go(true);
    }
  };
  return {
    /** Resolves true when the execution may run, false when the workflow stops before its turn. */
    enqueue(name: string): Promise<boolean> {
      const turn = new Promise<boolean>((go) => waiting.push({ name, go }));
      next();
      return turn;
    },
    /** The execution ended or waits for a person: its lane (if it had one) goes to the next. */
    release(name: string): void {
      if (running.delete(name)) next();
    },
    hold(): () => void {
      holds++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        next();
      };
    },
    /** Forgets the waiting ones (stopping: the journal has them, the next start resumes them). */
    clear(): void {
      for (const { go } of waiting.splice(0)) go(false);
    },
  };
}

/**
 * Records background starts together: one write at a time, and the starts that arrive meanwhile go
 * in the next, as one transaction (journal.startAll). A bulk batch starts an execution per row, 16
 * rows at a time, and one PutItem each doubled the batch's calls to the table. A group with an
 * execution already recorded falls back to one start each, so each caller hears its own answer.
 */
function coalescedStarts(journal: ExecutionJournal) {
  type Fields = Parameters<ExecutionJournal['start']>[0];
  type Pending = { fields: Fields; resolve: (started: Awaited<ReturnType<ExecutionJournal['start']>>) => void; reject: (error: unknown) => void };
  const pending: Pending[] = [];
  let writing = false;
  async function drain() {
    writing = true;
    while (pending.length) {
      const group = pending.splice(0, START_GROUP_MAX);
      try {
        if (group.length > 1 && journal.startAll && (await journal.startAll(group.map((p) => p.fields)))) {
          for (const p of group) p.resolve({ record: { ...p.fields, status: 'RUNNING' }, created: true });
        } else {
          await Promise.all(group.map((p) => journal.start(p.fields).then(p.resolve, p.reject)));
        }
      } catch (error) {
        for (const p of group) p.reject(error);
      }
    }
    writing = false;
  }
  return (fields: Fields) =>
    new Promise<Awaited<ReturnType<ExecutionJournal['start']>>>((resolve, reject) => {
      pending.push({ fields, resolve, reject });
      if (!writing) void drain();
    });
}

/** DynamoDB's limit of items in one transaction. */
const START_GROUP_MAX = 100;

/** A callback state's deadline: the one on record when resumed, else its TimeoutSeconds from now. */
function deadlineOf(state: Record<string, unknown>, resumedHere: ExecutionCheckpoint | undefined): string | undefined {
  if (resumedHere) return resumedHere.deadlineAt;
  return typeof state.TimeoutSeconds === 'number' ? new Date(Date.now() + state.TimeoutSeconds * 1000).toISOString() : undefined;
}

/** The same ASL, started at the checkpoint's state; a wait keeps only the time it had left. */
export function resumeAt(definition: StateMachineDefinition, from: ExecutionCheckpoint, now = new Date()): StateMachineDefinition {
  const state = definition.States[from.state];
  if (!state) throw new Error(`the workflow has no state '${from.state}' to resume at`);
  const left = from.deadlineAt ? { TimeoutSeconds: Math.max(1, Math.ceil((Date.parse(from.deadlineAt) - now.getTime()) / 1000)) } : {};
  const states = { ...definition.States, [from.state]: { ...state, ...left } };
  // The interpreter refuses a definition with unreachable states: keep those reachable from here.
  const reachable = new Set<string>();
  const visit = (name: string) => {
    if (reachable.has(name) || !states[name]) return;
    reachable.add(name);
    const s = states[name] as { Next?: string; Default?: string; Choices?: { Next: string }[]; Catch?: { Next: string }[] };
    for (const next of [s.Next, s.Default, ...(s.Choices ?? []).map((c) => c.Next), ...(s.Catch ?? []).map((c) => c.Next)]) if (next) visit(next);
  };
  visit(from.state);
  return { ...definition, StartAt: from.state, States: Object.fromEntries(Object.entries(states).filter(([name]) => reachable.has(name))) };
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
