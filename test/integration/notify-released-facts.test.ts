// Notify takes the credential's id and dates from the release's result (the ASL hands it on), so a
// badge's last step does not read the credential again; a result that is not this submission's
// credential, or none (an execution from before the change, the reconciler), is read from the store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Submission } from '@tessera/core';
import type { Dependencies } from '@tessera/functions/dependencies';
import { notifyEarner } from '../../functions/notify-earner/notify.ts';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

let tessera: TestTessera;
let issued: Submission;
beforeAll(async () => {
  tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' } });
  const response = await tessera.postAward(awardRequest({ recipient: { email: 'lin@example.org', name: 'Lin Notify' } }));
  const { submissionId } = (await response.json()) as { submissionId: string };
  issued = await tessera.waitForStatus(submissionId, ['ISSUED', 'FAILED']);
}, 120_000);
afterAll(async () => {
  await tessera?.close();
});

/** The stack's dependencies, counting the reads of a credential by id. */
function counting(): { deps: Dependencies; reads: () => number } {
  const { store } = tessera.dependencies;
  let reads = 0;
  const get: Dependencies['store']['credentials']['get'] = (id) => {
    reads++;
    return store.credentials.get(id);
  };
  return { deps: { ...tessera.dependencies, store: { ...store, credentials: { ...store.credentials, get } } }, reads: () => reads };
}

describe("notify with the release's result", () => {
  it('mails the earner without reading the credential when the result is this submission’s credential', async () => {
    expect(issued.status).toBe('ISSUED');
    const record = (await tessera.dependencies.store.credentials.get(issued.credentialId!))!;
    const { deps, reads } = counting();

    await notifyEarner(deps, issued.id, { credentialId: record.id, credentialUrl: record.url, issuedAt: record.issuedAt });

    expect(reads()).toBe(0);
  });

  it('reads the credential when the result names another credential, or when there is none', async () => {
    const { deps, reads } = counting();

    await notifyEarner(deps, issued.id, { credentialId: 'urn:uuid:someone-else', credentialUrl: 'https://x.example/c.json', issuedAt: '2020-01-01T00:00:00Z' });
    await notifyEarner(deps, issued.id);

    expect(reads()).toBe(2);
    const mails = (await tessera.mails()).filter((m) => m.to === 'lin@example.org');
    // The workflow's own mail and the three here: each one sent.
    expect(mails).toHaveLength(4);
  });
});
