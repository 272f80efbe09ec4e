// The EU micro-credential end to end on the local stack: `npm start`'s seed publishes the demo
// achievement through the catalogue, a webhook earns it, and the released credential carries the
// extension and the issuer's country, passes the strict 1EdTech schema and verifies in Tessera's
// verifier and in an independent one (@digitalbazaar/vc). Drafts and retired achievements are refused.
import { readFileSync } from 'node:fs';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { MICROCREDENTIAL_CONTEXT_PATH, MICROCREDENTIAL_CONTEXT_URL, type Actor } from '@tessera/catalogue';
import { validateCredentialSchema } from '@tessera/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAchievement, editAchievement, publishAchievement, retireAchievement } from '../../functions/catalogue/achievements.ts';
import { submissionIdFor } from '../../functions/webhook-intake/intake.ts';
import { demoAchievementContent } from '../../packages/local/src/seed.ts';
import { independentDocumentLoader } from '../support/independent-verifier.ts';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

let tessera: TestTessera;
beforeAll(async () => {
  tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' } });
});
afterAll(async () => {
  await tessera?.close();
});

const designer: Actor = { id: 'dana', roles: ['designer'] };
const qaManager: Actor = { id: 'quinn', roles: ['qa-manager'] };

async function issue(achievementId = 'demo-data-literacy') {
  const response = await tessera.postAward(awardRequest({ achievementId }));
  expect(response.status).toBe(202);
  const { submissionId } = (await response.json()) as { submissionId: string };
  await tessera.waitForStatus(submissionId, ['ISSUED']);
  const record = (await tessera.dependencies.store.credentials.getBySubmission(submissionId))!;
  // The test reads whatever field it checks; expect() does the type checking.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const published = (await (await fetch(record.url)).json()) as Record<string, any>;
  return { record, credential: published };
}

describe('a released micro-credential', () => {
  it('carries the EU facts (native and extension), the issuer country and the version it was issued under', async () => {
    // Act
    const { record, credential } = await issue();

    // Assess
    expect(credential['@context']).toContain(MICROCREDENTIAL_CONTEXT_URL);
    expect(credential.issuer.address).toEqual({ type: ['Address'], addressCountryCode: 'NL', addressCountry: 'Netherlands' });
    expect(credential.credentialSubject.achievement).toMatchObject({
      achievementType: 'MicroCredential',
      inLanguage: 'en',
      creditsAvailable: 1,
      fieldOfStudy: 'Data literacy',
      learningOutcomes: expect.arrayContaining(['Summarises a data set with descriptive statistics']),
      workloadHours: 28,
      assessmentType: 'Final online assessment and one worked analysis',
      assessmentSupervision: 'unsupervised',
      participationForm: 'online',
      qualityAssurance: expect.stringContaining('Faculty Board'),
      stackability: 'standalone',
    });
    expect(record.achievementVersion).toBe(1);
    expect(validateCredentialSchema(credential)).toEqual({ ok: true, errors: [] });
  });

  it("verifies in Tessera's verifier and in @digitalbazaar/vc with an offline loader serving the bundled context", async () => {
    // Prepare
    const { credential } = await issue();
    const didDocument = await (await fetch(`${tessera.url}/.well-known/did.json`)).json();
    const documents: [string, unknown][] = [
      [MICROCREDENTIAL_CONTEXT_URL, JSON.parse(readFileSync(new URL('../../packages/catalogue/contexts/microcredential-v1.json', import.meta.url), 'utf8'))],
      [credential.issuer.id, didDocument],
    ];
    // The status list as a verifier would fetch it, then served offline too.
    for (const entry of [credential.credentialStatus].flat()) documents.push([entry.statusListCredential, await (await fetch(entry.statusListCredential)).json()]);
    const documentLoader = independentDocumentLoader(documents);

    // Act
    const ours = (await (await fetch(`${tessera.url}/verify`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(credential) })).json()) as {
      verified: boolean;
      checks: { name: string; ok: boolean }[];
    };
    const suite = new DataIntegrityProof({ cryptosuite });
    const status = (options: { credential: unknown }) => checkStatus({ ...options, documentLoader, suite, verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true });
    const independent = await vc.verifyCredential({ credential, suite, documentLoader, checkStatus: status });
    const tampered = structuredClone(credential);
    tampered.credentialSubject.achievement.workloadHours = 280;
    const tamperedResult = await vc.verifyCredential({ credential: tampered, suite, documentLoader, checkStatus: status });

    // Assess
    expect(ours.checks.filter((c) => !c.ok)).toEqual([]);
    expect(ours.verified).toBe(true);
    expect(independent.error).toBeUndefined();
    expect(independent.verified).toBe(true);
    expect(independent.statusResult.verified).toBe(true);
    expect(tamperedResult.verified).toBe(false);
  });

  it('publishes the extension context and the achievement definition (with the extension) on the public origin', async () => {
    // Act
    const context = await fetch(`${tessera.url}/${MICROCREDENTIAL_CONTEXT_PATH}`);
    const definition = (await (await fetch(`${tessera.url}/achievements/demo-data-literacy.json`)).json()) as Record<string, unknown>;

    // Assess
    expect(context.status).toBe(200);
    expect(await context.json()).toEqual(JSON.parse(readFileSync(new URL('../../packages/catalogue/contexts/microcredential-v1.json', import.meta.url), 'utf8')));
    expect(definition['@context']).toContain(MICROCREDENTIAL_CONTEXT_URL);
    expect(definition).toMatchObject({ id: `${tessera.url}/achievements/demo-data-literacy.json`, workloadHours: 28, achievementType: 'MicroCredential' });
  });
});

describe('webhooks for an achievement that does not issue', () => {
  it('a draft never published: 422 naming why, nothing stored', async () => {
    // Prepare
    const deps = tessera.dependencies;
    await createAchievement(deps, designer, { id: 'draft-only', ...demoAchievementContent(tessera.url), name: 'Not yet' });

    // Act
    const award = awardRequest({ achievementId: 'draft-only' });
    const response = await tessera.postAward(award);

    // Assess
    expect(response.status).toBe(422);
    expect(((await response.json()) as { message: string }).message).toMatch(/draft-only.*draft, not yet published/);
    expect(await deps.store.achievements.get('draft-only')).toBeUndefined();
    expect(await deps.store.submissions.get(submissionIdFor('demo', award.eventId))).toBeUndefined();
  });

  it('a retired one: 422 naming why, nothing stored; its new draft does not make it issue again', async () => {
    // Prepare
    const deps = tessera.dependencies;
    await createAchievement(deps, designer, { id: 'old-course', ...demoAchievementContent(tessera.url, { qaPolicy: 'auto' }), name: 'Old course' });
    await publishAchievement(deps, qaManager, 'old-course');
    const before = await issue('old-course');
    await retireAchievement(deps, qaManager, 'old-course');
    await editAchievement(deps, designer, 'old-course', { name: 'Old course, revised' });

    // Act
    const award = awardRequest({ achievementId: 'old-course' });
    const response = await tessera.postAward(award);

    // Assess
    expect(response.status).toBe(422);
    expect(((await response.json()) as { message: string }).message).toMatch(/old-course.*retired/);
    expect(await deps.store.submissions.get(submissionIdFor('demo', award.eventId))).toBeUndefined();
    expect(before.record.achievementVersion).toBe(1);
  });
});
