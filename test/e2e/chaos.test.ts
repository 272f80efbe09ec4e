// The chaos run in small (npm run chaos is the 1,000-request version): faults injected into every
// adapter of `npm start`, its workflow starts and its journal, plus a kill -9 mid-release. Nothing accepted may be lost or doubled, and
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
    // Only a permanent fault (a disabled key, one signer fault in ten) should fail a submission; a
    // little room for retries running out all the same. A failure always has its reason, and never
    // leaves a credential behind (nor an ISSUED submission without one).
    expect(report.failed).toBeLessThanOrEqual(3);
    expect(report.failedReasons['(no reason given)']).toBeUndefined();
    expect(report.inconsistent).toBe(0);
    // The run really was shaken: a crash while releasing, and faults of several kinds.
    expect(report.crash.openAtKill).toBeGreaterThan(0);
    expect(Object.keys(report.faultsInjected).length).toBeGreaterThanOrEqual(3);
    // The local runner's own journal was shaken too.
    expect((report.faultsInjected['journal-throttled'] ?? 0) + (report.faultsInjected['journal-answer-lost'] ?? 0)).toBeGreaterThan(0);
  });
});
