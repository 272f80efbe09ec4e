// "Ready means ready": /health says 200 only when every route works, and a restart on another
// public origin (a new PORT) re-signs the status lists before the first new credential uses them.
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';
import { freePort } from '../support/tessera-process.ts';

type Verification = { verified: boolean; checks: { name: string; ok: boolean; message: string }[] };

let tessera: TestTessera | undefined;
afterEach(async () => {
  await tessera?.close();
  tessera = undefined;
});

async function issueOne(t: TestTessera): Promise<Record<string, unknown>> {
  const response = await t.postAward(awardRequest());
  expect(response.status).toBe(202);
  const { submissionId } = (await response.json()) as { submissionId: string };
  const issued = await t.waitForStatus(submissionId, ['ISSUED']);
  return (await (await fetch(issued.credentialUrl!)).json()) as Record<string, unknown>;
}

describe('readiness of the local stack', () => {
  it('/health answers 503 while starting and 200 only once a webhook is accepted at once', async () => {
    // Prepare: probe /health every few ms while the stack starts on a known port.
    const port = await freePort();
    const seen: number[] = [];
    let starting = true;
    const probing = (async () => {
      while (starting) {
        const status = await fetch(`http://localhost:${port}/health`).then(
          (r) => r.status,
          () => 0,
        );
        if (status) seen.push(status);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();

    // Act
    tessera = await startTestTessera({ port, demoAchievement: { qaPolicy: 'auto' } });
    starting = false;
    await probing;

    // Assess: 503s first, never a 503 after a 200, and the stack serves at once.
    expect(seen).toContain(503);
    const firstHealthy = seen.indexOf(200);
    if (firstHealthy >= 0) expect(seen.slice(firstHealthy).every((s) => s === 200)).toBe(true);
    expect((await fetch(`${tessera.url}/health`)).status).toBe(200);
    expect((await tessera.postAward(awardRequest())).status).toBe(202);
  });

  it('after a restart on another PORT, a new credential verifies: its status list is re-signed under the new did:web', { timeout: 60_000 }, async () => {
    // Prepare: a credential issued on one origin.
    const same = { dataDir: await mkdtemp(join(tmpdir(), 'tessera-origin-')), tableName: `tessera-test-${randomUUID()}`, demoAchievement: { qaPolicy: 'auto' as const } };
    const first = await startTestTessera({ ...same, port: await freePort() });
    await issueOne(first);
    await first.workflow.idle();
    await first.stop();

    // Act: the same data on another port.
    tessera = await startTestTessera({ ...same, port: await freePort() });
    const credential = await issueOne(tessera);

    // Assess
    const verification = (await (await fetch(`${tessera.url}/verify`, { method: 'POST', body: JSON.stringify(credential) })).json()) as Verification;
    expect(verification.checks.find((c) => c.name === 'status')).toMatchObject({ ok: true });
    expect(verification.verified).toBe(true);
    const list = (await (await fetch(`${tessera.url}/status/demo-university/revocation/1.json`)).json()) as { issuer: string };
    expect(list.issuer).toBe(`did:web:localhost%3A${new URL(tessera.url).port}`);
  });
});
