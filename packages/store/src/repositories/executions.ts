// The local workflow runner's journal: one item per execution, beside its submission, holding
// what a restarted `npm start` needs to carry on — the input, the task token a reviewer's link
// resolves to, and the last Task state entered with that state's input.
// Not part of the Store: only the local runtime keeps a journal (Step Functions keeps its own), so
// it is built on its own, over the same table context (createExecutionJournal in index.ts).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { keys } from '../keys.ts';
import { getRecord, isNew, queryRecords, type TableContext } from '../table-context.ts';
import { writeTransaction } from '../transactions.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

/** Where an execution was last seen: a Task state it entered, with the state's raw input. */
export type ExecutionCheckpoint = {
  state: string;
  input: unknown;
  enteredAt: string;
  /** A callback (review) state's deadline: a resumed wait keeps the time it had left. */
  deadlineAt?: string;
  /** Set once the callback state's function has run (the reviewer is mailed): a resumed wait does not mail again. */
  callbackInvokedAt?: string;
};

export type ExecutionRecord = {
  name: string;
  input: unknown;
  /** `$$.Task.Token` of this execution: kept across restarts so a mailed review link still decides. */
  taskToken: string;
  startedAt: string;
  status: ExecutionStatus;
  checkpoint?: ExecutionCheckpoint;
  endedAt?: string;
  error?: { name: string; message: string };
};

/** The stored shape of a journal item: each read is parsed with it (a damaged item is a StoredItemInvalidError). */
const StoredExecution: z.ZodType<ExecutionRecord> = z.object({
  name: z.string().min(1),
  input: z.unknown(),
  taskToken: z.string().min(1),
  startedAt: z.string().min(1),
  status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED']),
  checkpoint: z
    .object({
      state: z.string().min(1),
      input: z.unknown(),
      enteredAt: z.string().min(1),
      deadlineAt: z.string().min(1).optional(),
      callbackInvokedAt: z.string().min(1).optional(),
    })
    .optional(),
  endedAt: z.string().min(1).optional(),
  error: z.object({ name: z.string(), message: z.string() }).optional(),
});

export interface ExecutionJournal {
  /** Records a new execution; an execution of that name already recorded wins (`created: false`). */
  start(record: Omit<ExecutionRecord, 'status'>): Promise<{ record: ExecutionRecord; created: boolean }>;
  /** Records up to 100 new executions in one transaction: true when all were written; false, with
   *  none written, when any of them was already recorded (then start each on its own). Optional:
   *  a journal without it gets one start per execution. */
  startAll?(records: readonly Omit<ExecutionRecord, 'status'>[]): Promise<boolean>;
  get(name: string): Promise<ExecutionRecord | undefined>;
  /** The execution has entered a Task state (only while it is RUNNING). */
  checkpoint(name: string, checkpoint: ExecutionCheckpoint): Promise<void>;
  /** The callback state `state` has run its function. */
  callbackInvoked(name: string, state: string, at: string): Promise<void>;
  finish(name: string, outcome: { status: Exclude<ExecutionStatus, 'RUNNING'>; at: string; error?: { name: string; message: string } }): Promise<void>;
  /** Every execution not yet ended, oldest first (a sparse GSI1 query, no Scan). */
  listUnfinished(): Promise<ExecutionRecord[]>;
}

export function executionsRepository(table: TableContext): ExecutionJournal {
  const { client, tableName: TableName } = table;
  const get = (name: string) => getRecord(table, StoredExecution, 'WorkflowExecution', keys.workflowExecution(name));
  /** A new execution's item: its record, keyed, and listed as unfinished (GSI1). */
  const itemOf = (record: ExecutionRecord) => ({
    ...record,
    ...keys.workflowExecution(record.name),
    ...keys.unfinishedExecution(record.startedAt, record.name),
    entity: 'WorkflowExecution',
  });

  /** An update that applies only to a running execution; one that already ended is left alone. */
  async function updateRunning(name: string, update: { set: string; values: Record<string, unknown>; names?: Record<string, string>; condition?: string }): Promise<void> {
    try {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: keys.workflowExecution(name),
          UpdateExpression: update.set,
          ConditionExpression: ['#status = :running', update.condition].filter(Boolean).join(' AND '),
          ExpressionAttributeNames: { '#status': 'status', ...update.names },
          ExpressionAttributeValues: { ':running': 'RUNNING' satisfies ExecutionStatus, ...update.values },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  return {
    async start(fields) {
      const record: ExecutionRecord = { ...fields, status: 'RUNNING' };
      try {
        await client.send(new PutCommand({ TableName, Item: itemOf(record), ConditionExpression: isNew }));
        return { record, created: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const stored = await get(record.name);
        if (!stored) throw error;
        return { record: stored, created: false };
      }
    },

    async startAll(records) {
      const items = Object.fromEntries(records.map((fields, i) => [`${i}`, { Put: { TableName, Item: itemOf({ ...fields, status: 'RUNNING' }), ConditionExpression: isNew } }]));
      return (await writeTransaction(table, items)).committed;
    },

    get,

    checkpoint: (name, checkpoint) => updateRunning(name, { set: 'SET #checkpoint = :checkpoint', values: { ':checkpoint': checkpoint }, names: { '#checkpoint': 'checkpoint' } }),

    callbackInvoked: (name, state, at) =>
      updateRunning(name, {
        set: 'SET #checkpoint.#invoked = :at',
        values: { ':at': at, ':state': state },
        names: { '#checkpoint': 'checkpoint', '#invoked': 'callbackInvokedAt', '#state': 'state' },
        // Only for the state still current: a late write must not mark a later state as done.
        condition: '#checkpoint.#state = :state',
      }),

    finish: (name, { status, at, error }) =>
      updateRunning(name, {
        set: `SET #status = :to, #endedAt = :at${error ? ', #error = :error' : ''} REMOVE gsi1pk, gsi1sk`,
        values: { ':to': status, ':at': at, ...(error ? { ':error': error } : {}) },
        names: { '#endedAt': 'endedAt', ...(error ? { '#error': 'error' } : {}) },
      }),

    listUnfinished: () =>
      queryRecords(table, StoredExecution, 'WorkflowExecution', {
        IndexName: 'GSI1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.unfinishedExecutions().gsi1pk },
      }),
  };
}
