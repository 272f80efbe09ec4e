// Revocation and suspension over HTTP on the real local stack (suspension switched on): an admin
// changes a credential's status with a reason, the status list is re-signed and republished, and
// POST /verify reports it. An independent verifier (@digitalbazaar/vc + vc-bitstring-status-list)
// reads the published list offline and sees the same bits.
import * as vc from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { readFileSync } from 'node:fs';
import { MICROCREDENTIAL_CONTEXT_URL } from '@tessera/catalogue/microcredential-context';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { independentDocumentLoader } from '../support/independent-verifier.ts';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

type Check = { name: string; ok: boolean; message: string };
type Verification = { verified: boolean; checks: Check[] };
type Entry = { id: string; type: string; statusPurpose: string; statusListIndex: string; statusListCredential: string };
type Credential = Record<string, unknown> & { id: string; credentialStatus: Entry[] };

let tessera: TestTessera;
beforeAll(async () => {
  tessera = await startTestTessera({ statusSuspension: true, demoAchievement: { qaPolicy: 'auto' } });
});
afterAll(async () => {
  await tessera?.close();
});

/** Issues one credential through the webhook (auto QA) and fetches the published JSON. */
async function issueCredential(): Promise<{ credential: Credential; credentialId: string }> {
  const response = await tessera.postAward(awardRequest());
  expect(response.status).toBe(202);
  const { submissionId } = (await response.json()) as { submissionId: string };
  const issued = await tessera.waitForStatus(submissionId, ['ISSUED', 'FAILED']);
  expect(issued.status).toBe('ISSUED');
  const credential = (await (await fetch(issued.credentialUrl!)).json()) as Credential;
  return { credential, credentialId: issued.credentialId! };
}

/** `token: null` sends no Authorization header. */
const changeStatus = (credentialId: string, action: string, body: unknown, token: string | null = tessera.adminToken) =>
  fetch(`${tessera.url}/admin/credentials/${credentialId}/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function verify(credential: unknown): Promise<Verification> {
  const response = await fetch(`${tessera.url}/verify`, { method: 'POST', body: JSON.stringify(credential) });
  expect(response.status).toBe(200);
  return (await response.json()) as Verification;
}

const statusCheck = (result: Verification) => result.checks.find((c) => c.name === 'status')!;

describe('revocation and suspension over HTTP', () => {
  it('gives each credential a revocation and a suspension entry, with lists published on the public origin', async () => {
    // Act
    const { credential } = await issueCredential();

    // Assess
    expect(credential.credentialStatus.map((e) => [e.type, e.statusPurpose])).toEqual([
      ['BitstringStatusListEntry', 'revocation'],
      ['BitstringStatusListEntry', 'suspension'],
    ]);
    for (const entry of credential.credentialStatus) {
      expect(entry.statusListCredential).toBe(`${tessera.url}/status/demo-university/${entry.statusPurpose}/1.json`);
      expect(entry.id).toBe(`${entry.statusListCredential}#${entry.statusListIndex}`);
      const list = await fetch(entry.statusListCredential);
      expect(list.status).toBe(200);
      expect(list.headers.get('cache-control')).not.toContain('immutable');
    }
  });

  it('verify ok → suspend → suspended → unsuspend → ok → revoke → revoked; unsuspending a revoked one is 409', async () => {
    // Prepare
    const { credential, credentialId } = await issueCredential();
    const before = await verify(credential);
    expect(before.verified).toBe(true);
    expect(statusCheck(before).message).toMatch(/^not revoked \(revocation list .*\); not suspended \(suspension list .*\)$/);

    // Act + Assess: suspend
    const suspended = await changeStatus(credentialId, 'suspend', { reason: 'under investigation' });
    expect(suspended.status).toBe(200);
    expect(await suspended.json()).toMatchObject({ id: credentialId, status: 'SUSPENDED' });
    const whileSuspended = await verify(credential);
    expect(whileSuspended.verified).toBe(false);
    expect(statusCheck(whileSuspended)).toMatchObject({ ok: false, message: expect.stringMatching(/^suspended \(suspension list/) });

    // Act + Assess: unsuspend
    expect((await changeStatus(credentialId, 'unsuspend', { reason: 'cleared' })).status).toBe(200);
    expect((await verify(credential)).verified).toBe(true);

    // Act + Assess: revoke, final
    const revoked = await changeStatus(credentialId, 'revoke', { reason: 'awarded in error' });
    expect(revoked.status).toBe(200);
    const body = (await revoked.json()) as { status: string; statusHistory: { action: string; reason: string; by: string; at: string }[] };
    expect(body.status).toBe('REVOKED');
    expect(body.statusHistory.map((h) => [h.action, h.reason, h.by])).toEqual([
      ['suspend', 'under investigation', 'local-admin'],
      ['unsuspend', 'cleared', 'local-admin'],
      ['revoke', 'awarded in error', 'local-admin'],
    ]);
    const afterRevocation = await verify(credential);
    expect(afterRevocation.verified).toBe(false);
    expect(statusCheck(afterRevocation).message).toMatch(/^revoked \(revocation list /);

    const unsuspend = await changeStatus(credentialId, 'unsuspend', { reason: 'try to bring it back' });
    expect(unsuspend.status).toBe(409);
    expect(((await unsuspend.json()) as { message: string }).message).toContain('is REVOKED');
  });

  it('a revocation leaves the other credentials on the same list alone', async () => {
    // Prepare
    const [kept, revoked] = [await issueCredential(), await issueCredential()];

    // Act
    expect((await changeStatus(revoked.credentialId, 'revoke', { reason: 'duplicate award' })).status).toBe(200);

    // Assess
    expect((await verify(kept.credential)).verified).toBe(true);
    expect((await verify(revoked.credential)).verified).toBe(false);
  });

  it('parallel revocations on one list all land: none overwrites another', async () => {
    // Prepare
    const issued = await Promise.all([issueCredential(), issueCredential(), issueCredential(), issueCredential()]);

    // Act
    const answers = await Promise.all(issued.map(({ credentialId }) => changeStatus(credentialId, 'revoke', { reason: 'batch withdrawn' })));

    // Assess
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const verdicts = await Promise.all(issued.map(async ({ credential }) => statusCheck(await verify(credential)).message.split(' (')[0]));
    expect(verdicts).toEqual(['revoked', 'revoked', 'revoked', 'revoked']);
  });

  it('an independent verifier reads the revoked bit from the published, signed list', async () => {
    // Prepare: fetch what a verifier would (did.json, the lists) and serve it offline
    const { credential, credentialId } = await issueCredential();
    expect((await changeStatus(credentialId, 'revoke', { reason: 'academic misconduct' })).status).toBe(200);
    const did = (credential.issuer as { id: string }).id;
    const documents: [string, unknown][] = [
      [did, await (await fetch(`${tessera.url}/.well-known/did.json`)).json()],
      // The demo badge is a micro-credential: its extension context, from its file, as a verifier bundles it.
      [MICROCREDENTIAL_CONTEXT_URL, JSON.parse(readFileSync(new URL('../../packages/catalogue/contexts/microcredential-v1.json', import.meta.url), 'utf8'))],
    ];
    for (const entry of credential.credentialStatus) documents.push([entry.statusListCredential, await (await fetch(entry.statusListCredential)).json()]);
    const documentLoader = independentDocumentLoader(documents);
    const suite = new DataIntegrityProof({ cryptosuite });

    // Act
    const result = await vc.verifyCredential({
      credential,
      suite,
      documentLoader,
      checkStatus: (options: { credential: unknown }) => checkStatus({ ...options, documentLoader, suite, verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true }),
    });

    // Assess: the library verifies the signature and reports status separately
    expect(result.verified).toBe(true);
    expect(result.statusResult.verified).toBe(true);
    expect(result.statusResult.results.map((r: { credentialStatus: Entry; status: boolean }) => [r.credentialStatus.statusPurpose, r.status])).toEqual([
      ['revocation', true],
      ['suspension', false],
    ]);
  });

  it('refuses a status change without the admin token (401), without a reason (400), for an unknown credential (404)', async () => {
    // Prepare
    const { credential, credentialId } = await issueCredential();

    // Act
    const noToken = await changeStatus(credentialId, 'revoke', { reason: 'x' }, null);
    const wrongToken = await changeStatus(credentialId, 'revoke', { reason: 'x' }, 'wrong-token-wrong-token');
    const noReason = await changeStatus(credentialId, 'revoke', {});
    const blankReason = await changeStatus(credentialId, 'revoke', { reason: '   ' });
    const longReason = await changeStatus(credentialId, 'revoke', { reason: 'x'.repeat(1001) });
    const notJson = await changeStatus(credentialId, 'revoke', 'revoke it');
    const unknown = await changeStatus('00000000-0000-0000-0000-000000000000', 'revoke', { reason: 'x' });

    // Assess
    expect([noToken.status, wrongToken.status]).toEqual([401, 401]);
    expect([noReason.status, blankReason.status, longReason.status, notJson.status]).toEqual([400, 400, 400, 400]);
    expect(((await noReason.json()) as { details: { path: string }[] }).details.map((d) => d.path)).toEqual(['reason']);
    expect(unknown.status).toBe(404);
    // Nothing changed: the credential still verifies, with nothing in its audit trail.
    expect((await verify(credential)).verified).toBe(true);
    expect((await tessera.dependencies.store.credentials.get(credentialId))?.statusHistory).toEqual([]);
  });
});
