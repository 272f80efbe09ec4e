// POST /verify over HTTP on the real local stack (issue 11): another issuer's genuine badge with a
// lone proof object verifies, with the schema deviation as a warning; what we issue has none, and the
// same lone proof on our own badge is a warning too, never a failure.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

type Verification = { verified: boolean; checks: { name: string; ok: boolean; message: string; warning?: string }[]; warnings: string[] };

const LONE_PROOF_WARNING = 'schema: not valid against the strict OB 3.0 AchievementCredential JSON schema, which tools reading plain JSON may apply: /proof must be array';
// The DCC's signed badge (did:key issuer, so it verifies without the network).
const dccBadge = () =>
  JSON.parse(
    readFileSync(new URL('../fixtures/ob3/dcc-vc-test-fixtures/dataIntegrityProof__didKey__legacyRegistry-noStatus-noExpiry-basicOBv3.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;

let tessera: TestTessera;
let ours: Record<string, unknown> & { proof: unknown[] };

beforeAll(async () => {
  tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' } });
  const response = await tessera.postAward(awardRequest());
  const { submissionId } = (await response.json()) as { submissionId: string };
  const submission = await tessera.waitForStatus(submissionId, ['ISSUED']);
  ours = (await (await fetch(submission.credentialUrl!)).json()) as typeof ours;
});
afterAll(async () => {
  await tessera?.close();
});

async function verify(credential: unknown): Promise<{ status: number; body: Verification }> {
  const response = await fetch(`${tessera.url}/verify`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(credential) });
  return { status: response.status, body: (await response.json()) as Verification };
}

describe('POST /verify: schema deviations the 1EdTech validator only warns about', () => {
  it("verifies another issuer's badge whose proof is a single object, with the warning in the answer", async () => {
    // Act
    const { status, body } = await verify(dccBadge());

    // Assess
    expect(status).toBe(200);
    expect(body.verified).toBe(true);
    expect(body.checks.find((c) => c.name === 'schema')).toMatchObject({ ok: true, warning: expect.stringContaining('/proof must be array') });
    expect(body.warnings).toEqual([LONE_PROOF_WARNING]);
  });

  it('has nothing to warn about in what we issue (the strict schema holds)', async () => {
    // Act
    const { body } = await verify(ours);

    // Assess
    expect(body.verified).toBe(true);
    expect(body.warnings).toEqual([]);
    expect(body.checks.every((c) => c.warning === undefined)).toBe(true);
  });

  it('verifies our own badge with its proof written as a single object, warning only', async () => {
    // Act
    const { body } = await verify({ ...ours, proof: ours.proof[0] });

    // Assess
    expect(body.verified).toBe(true);
    expect(body.warnings).toEqual([LONE_PROOF_WARNING]);
  });

  it('still fails a badge whose schema deviation JSON-LD does not excuse, naming it', async () => {
    // Prepare: no achievement at all (which also breaks the signature)
    const badge = dccBadge();
    const { achievement: _, ...subject } = badge.credentialSubject as Record<string, unknown>;

    // Act
    const { status, body } = await verify({ ...badge, credentialSubject: subject });

    // Assess
    expect(status).toBe(200);
    expect(body.verified).toBe(false);
    expect(body.checks.find((c) => c.name === 'schema')?.message).toMatch(
      /^not valid against the OB 3\.0 AchievementCredential schema: \/credentialSubject must have required property 'achievement'; \/proof must be array/,
    );
    expect(body.warnings).toEqual([]);
  });
});
