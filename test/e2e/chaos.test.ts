// The chaos run in small (npm run chaos is the 1,000-request version): faults injected into every
// adapter of `npm start` plus a kill -9 mid-release. Nothing accepted may be lost or doubled, and
// every submission ends in a final status, a failure always with its reason.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { runChaos } from '../../scripts/chaos-run.ts';

let dataDir: string | undefined;
afterEach(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
});

describe('chaos: injected faults and a kill -9 (TESSERA_CHAOS)', () => {
  it('50 award requests: none lost, none doubled, each final, failures with a reason', { timeout: 480_000 }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-chaos-'));
    const report = await runChaos({ requests: 50, seed: 7, rate: 0.05, dynamodbEndpoint: inject('dynamodbEndpoint'), dataDir, settleTimeoutSeconds: 300 });
    console.info(JSON.stringify(report));

    expect(report.accepted).toBe(50);
    expect(report.lost).toBe(0);
    expect(report.duplicates).toBe(0);
    expect(report.issued + report.rejected + report.failed).toBe(50);
    // Retries run out now and then (a step makes many calls): such a submission ends FAILED, with
    // its reason. Not asserted: `inconsistent` (a FAILED submission whose credential was already
    // stored, a known gap in docs/RELIABILITY.md).
    expect(report.failed).toBeLessThanOrEqual(5);
    expect(report.failedReasons['(no reason given)']).toBeUndefined();
    // The run really was shaken: a crash while releasing, and faults of several kinds.
    expect(report.crash.openAtKill).toBeGreaterThan(0);
    expect(Object.keys(report.faultsInjected).length).toBeGreaterThanOrEqual(3);
  });
});
