// The in-process bulk runner: one run per batch at a time, a failed run tried again, the batches the
// store still lists as running resumed, and stop() waiting for the chunk in flight.
import { describe, expect, it } from 'vitest';
import { createLocalBulkRunner } from './bulk-runner.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('createLocalBulkRunner', () => {
  it('runs a batch once however often it is handed over while running', async () => {
    // Prepare
    const runs: string[] = [];
    let release!: () => void;
    const runner = createLocalBulkRunner({
      run: async (id) => {
        runs.push(id);
        await new Promise<void>((resolve) => (release = resolve));
      },
      listRunning: async () => [],
      log: () => {},
    });

    // Act
    await runner.continue('bulk_a');
    await runner.continue('bulk_a');
    await settle();
    release();
    await settle();
    await runner.continue('bulk_a');
    await settle();
    release();

    // Assess: the third hand-over came after the first run ended.
    expect(runs).toEqual(['bulk_a', 'bulk_a']);
    await runner.stop();
  });

  it('tries a failed run again, saying so, up to its attempts', async () => {
    // Prepare
    const lines: string[] = [];
    let calls = 0;
    const runner = createLocalBulkRunner({
      run: async () => {
        calls++;
        if (calls < 3) throw new Error('DynamoDB Local is busy');
      },
      listRunning: async () => [],
      log: (line) => lines.push(line),
      retryIntervalMs: 0,
    });

    // Act
    await runner.continue('bulk_b');
    await settle();
    await runner.stop();

    // Assess
    expect(calls).toBe(3);
    expect(lines).toEqual(['bulk batch bulk_b: run failed (attempt 1 of 5): DynamoDB Local is busy', 'bulk batch bulk_b: run failed (attempt 2 of 5): DynamoDB Local is busy']);
  });

  it('resumes every batch listed as running, and stop() tells runs to stop taking chunks and waits for them', async () => {
    // Prepare
    const seen: string[] = [];
    const runner = createLocalBulkRunner({
      run: async (id, hasTime) => {
        seen.push(id);
        while (hasTime()) await settle();
      },
      listRunning: async () => [{ id: 'bulk_c' }, { id: 'bulk_d' }],
      log: () => {},
    });

    // Act
    const resumed = await runner.resumeRunning();
    await settle();
    await runner.stop();
    await runner.continue('bulk_e');

    // Assess: both ran until told to stop; nothing starts once stopping.
    expect(resumed).toBe(2);
    expect(seen).toEqual(['bulk_c', 'bulk_d']);
  });

  it('holds the background executions while a batch runs, through its retries, and releases them once, when it ends', async () => {
    // Prepare
    let holds = 0;
    let released = 0;
    const heldDuring: number[] = [];
    let calls = 0;
    const runner = createLocalBulkRunner({
      run: async () => {
        heldDuring.push(holds - released);
        if (++calls < 2) throw new Error('DynamoDB Local is busy');
      },
      listRunning: async () => [],
      log: () => {},
      retryIntervalMs: 0,
      holdBackground: () => {
        holds++;
        return () => void released++;
      },
    });

    // Act
    await runner.continue('bulk_f');
    await settle();

    // Assess: held in both attempts, released once after.
    expect(heldDuring).toEqual([1, 1]);
    expect({ holds, released }).toEqual({ holds: 1, released: 1 });
    await runner.stop();
  });
});
