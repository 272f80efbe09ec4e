// Revocation with the default configuration (suspension off): one status entry, written as the
// single object the strict OB 3.0 schema allows; suspending such a credential is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

let tessera: TestTessera;
beforeAll(async () => {
  tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' } });
});
afterAll(async () => {
  await tessera?.close();
});

const post = (path: string, body: unknown) =>
  fetch(`${tessera.url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${tessera.adminToken}` }, body: JSON.stringify(body) });

describe('revocation, suspension off (the default)', () => {
  it('issues one revocation entry; verify passes every check, then says revoked; suspend is 409', async () => {
    // Prepare
    const { submissionId } = (await (await tessera.postAward(awardRequest())).json()) as { submissionId: string };
    const issued = await tessera.waitForStatus(submissionId, ['ISSUED', 'FAILED']);
    const credential = (await (await fetch(issued.credentialUrl!)).json()) as { credentialStatus: unknown };
    expect(credential.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: expect.any(String) });
    const before = (await (await post('/verify', credential)).json()) as { verified: boolean; checks: { name: string; ok: boolean }[] };
    expect(before.checks.filter((c) => !c.ok)).toEqual([]);

    // Act
    const suspend = await post(`/admin/credentials/${issued.credentialId}/suspend`, { reason: 'check' });
    const revoke = await post(`/admin/credentials/${issued.credentialId}/revoke`, { reason: 'awarded in error' });
    const after = (await (await post('/verify', credential)).json()) as { verified: boolean; checks: { name: string; ok: boolean; message: string }[] };

    // Assess
    expect(suspend.status).toBe(409);
    expect(((await suspend.json()) as { message: string }).message).toContain('without a suspension status entry (suspension is off: TESSERA_STATUS_SUSPENSION)');
    expect(revoke.status).toBe(200);
    expect(after.verified).toBe(false);
    expect(after.checks.find((c) => c.name === 'status')?.message).toMatch(/^revoked \(revocation list /);
  });
});
