// The bulk runner under `npm start`: batches run in this process, one loop per batch, after the
// upload has been answered, with the workflow's background executions (the rows') held meanwhile.
// A run that fails (DynamoDB Local busy, say) is tried again a few times; batches still running
// when the process stopped are resumed at the next start.
import type { BulkRunner } from '@tessera/core';

export type LocalBulkRunner = BulkRunner & {
  /** Starts every batch the store still lists as running; returns how many. */
  resumeRunning(): Promise<number>;
  /** Stops taking chunks and waits for the chunk each run is in (its progress is then stored). */
  stop(): Promise<void>;
};

export type LocalBulkRunnerOptions = {
  /** Runs the batch from its stored progress while `hasTime()` (functions/bulk runBatch). */
  run(batchId: string, hasTime: () => boolean): Promise<unknown>;
  listRunning(): Promise<{ id: string }[]>;
  log: (line: string) => void;
  /** Attempts per run before it is left to the stall check (GET /admin/bulk/{id}) or the next start. @default 5 */
  attempts?: number;
  /** Pause between attempts. @default 1000 */
  retryIntervalMs?: number;
  /** Holds the workflow's background executions (the ones bulk rows start) while a batch runs, and
   *  returns their release: in this one process they would otherwise take the CPU and the table
   *  from the batch that starts them (LocalWorkflow.holdBackground). */
  holdBackground?: () => () => void;
};

export function createLocalBulkRunner(options: LocalBulkRunnerOptions): LocalBulkRunner {
  const running = new Map<string, Promise<void>>();
  let stopping = false;
  const hasTime = () => !stopping;
  const attempts = options.attempts ?? 5;

  async function runWithRetries(batchId: string): Promise<void> {
    const release = options.holdBackground?.() ?? (() => {});
    try {
      for (let attempt = 1; attempt <= attempts && !stopping; attempt++) {
        try {
          await options.run(batchId, hasTime);
          return;
        } catch (error) {
          options.log(`bulk batch ${batchId}: run failed (attempt ${attempt} of ${attempts}): ${(error as Error).message}`);
          await new Promise((resolve) => setTimeout(resolve, options.retryIntervalMs ?? 1000));
        }
      }
    } finally {
      release();
    }
  }

  const runner: LocalBulkRunner = {
    async continue(batchId) {
      if (stopping || running.has(batchId)) return;
      const run = runWithRetries(batchId).finally(() => running.delete(batchId));
      running.set(batchId, run);
    },
    async resumeRunning() {
      const batches = await options.listRunning();
      for (const batch of batches) await runner.continue(batch.id);
      return batches.length;
    },
    async stop() {
      stopping = true;
      await Promise.all(running.values());
    },
  };
  return runner;
}
