// The stacked award end to end on the real local stack (the ASL in the local runner, DynamoDB Local,
// real signing): an earner who earns the components of a published stack gets the stacked credential
// by itself, once, naming its components; a component revoked later is flagged, not cascaded.
import { randomUUID } from 'node:crypto';
import { triggerKey } from '@tessera/catalogue';
import type { Achievement } from '@tessera/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAchievement } from '../../packages/local/src/seed.ts';
import { submissionIdFor } from '../../functions/webhook-intake/intake.ts';
import { STACK_SOURCE_ID } from '@tessera/catalogue/stacks';
import { awardCompletedStacks } from '../../functions/notify-earner/stacked-award.ts';
import { waitForMail } from '../support/mail.ts';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

let tessera: TestTessera;
const run = randomUUID().slice(0, 8);
const component = (name: string): Partial<Achievement> => ({ id: `${name}-${run}`, name: `${name} basics`, qaPolicy: 'auto' });
const [search, evaluate, create] = [component('search'), component('evaluate'), component('create')];
const certificate: Partial<Achievement> = { id: `digital-skills-${run}`, name: 'Digital skills certificate', qaPolicy: 'auto' };
const stack = {
  id: `digital-skills-stack-${run}`,
  name: 'Digital skills',
  description: 'Two of three digital-skills micro-credentials earn the certificate.',
  issuerId: 'demo-university',
  achievementIds: [search.id!, evaluate.id!, create.id!],
  requires: { atLeast: 2 },
  awards: certificate.id!,
} as const;

beforeAll(async () => {
  tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' } });
  const { store } = tessera.dependencies;
  for (const achievement of [search, evaluate, create, certificate]) await store.achievements.put(demoAchievement(achievement));
  const draft = await store.stacks.createDraft({
    definition: { ...stack, achievementIds: [...stack.achievementIds] },
    status: 'draft',
    version: 1,
    createdBy: 'designer',
    createdAt: new Date().toISOString(),
    updatedBy: 'designer',
    updatedAt: new Date().toISOString(),
  });
  await store.stacks.publish(stack.id, { revision: draft.revision, by: 'qa-manager', at: new Date().toISOString() });
});
afterAll(async () => {
  await tessera?.close();
});

/** Earns one achievement through the signed webhook (auto QA) and waits for the credential. */
async function earn(achievementId: string, email: string) {
  const response = await tessera.postAward(awardRequest({ achievementId, recipient: { email, name: 'Ada Learner' } }));
  expect(response.status).toBe(202);
  const { submissionId } = (await response.json()) as { submissionId: string };
  const issued = await tessera.waitForStatus(submissionId, ['ISSUED', 'FAILED']);
  expect(issued.status).toBe('ISSUED');
  return issued;
}

const stackedSubmissionId = (email: string) => submissionIdFor(STACK_SOURCE_ID, triggerKey(stack, email));

const revoke = (credentialId: string) =>
  fetch(`${tessera.url}/admin/credentials/${credentialId}/revoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tessera.adminToken}` },
    body: JSON.stringify({ reason: 'awarded in error' }),
  });

const earnerView = async (email: string) => {
  const response = await fetch(`${tessera.url}/admin/earners/${encodeURIComponent(email)}/credentials`, { headers: { Authorization: `Bearer ${tessera.adminToken}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    credentials: {
      credentialId: string;
      achievementId: string;
      status: string;
      stacked?: { stackId: string; components: { credentialId: string; status: string }[]; flags: string[] };
    }[];
    progress: { stackId: string; held: number; required: number }[];
  };
};

describe('the stacked award', () => {
  it('arrives by itself once enough components are earned, through the awarded achievement, naming its components', async () => {
    // Prepare
    const email = `ada-${randomUUID()}@example.org`;
    const first = await earn(search.id!, email);
    expect(await tessera.submission(stackedSubmissionId(email))).toBeUndefined();

    // Act
    const second = await earn(evaluate.id!, email);

    // Assess
    const stacked = await tessera.waitForStatus(stackedSubmissionId(email), ['ISSUED', 'FAILED']);
    expect(stacked).toMatchObject({ status: 'ISSUED', sourceId: 'stack', achievementId: certificate.id, recipient: { email } });
    expect(stacked.evidence.map((e) => e.url)).toEqual([first.credentialUrl, second.credentialUrl]);
    const credential = (await (await fetch(stacked.credentialUrl!)).json()) as { evidence: { id: string; type: string[] }[] };
    expect(credential.evidence.map((e) => e.id)).toEqual([first.credentialUrl, second.credentialUrl]);
    const verification = (await (await fetch(`${tessera.url}/verify`, { method: 'POST', body: JSON.stringify(credential) })).json()) as { verified: boolean };
    expect(verification.verified).toBe(true);
    await waitForMail(
      () => tessera.mails(),
      (m) => m.to === email && m.subject.includes('Digital skills certificate'),
      'the stacked credential mail',
    );
  });

  it('is awarded once: a third component and a repeated trigger start nothing new', async () => {
    // Prepare
    const email = `grace-${randomUUID()}@example.org`;
    await earn(search.id!, email);
    await earn(evaluate.id!, email);
    const stacked = await tessera.waitForStatus(stackedSubmissionId(email), ['ISSUED', 'FAILED']);

    // Act
    const third = await earn(create.id!, email);
    const repeated = await awardCompletedStacks(tessera.dependencies, third);

    // Assess
    expect(repeated).toEqual([{ stackId: stack.id, held: 3, required: 2, award: 'already-started', submissionId: stacked.id }]);
    const held = await tessera.dependencies.store.credentials.listByEarner(email);
    expect(held.filter((c) => c.achievementId === certificate.id).map((c) => c.credentialId)).toEqual([stacked.credentialId]);
  });

  it('is not awarded for one component, nor to another earner', async () => {
    // Prepare
    const email = `lin-${randomUUID()}@example.org`;

    // Act
    const only = await earn(create.id!, email);
    await earn(search.id!, `someone-else-${randomUUID()}@example.org`);

    // Assess
    expect(await awardCompletedStacks(tessera.dependencies, only)).toEqual([{ stackId: stack.id, held: 1, required: 2, award: 'incomplete' }]);
    expect(await tessera.submission(stackedSubmissionId(email))).toBeUndefined();
  });

  it('stands when a component is revoked later, and the earner view flags it', async () => {
    // Prepare
    const email = `max-${randomUUID()}@example.org`;
    const first = await earn(search.id!, email);
    const second = await earn(evaluate.id!, email);
    const stacked = await tessera.waitForStatus(stackedSubmissionId(email), ['ISSUED', 'FAILED']);
    const before = await earnerView(email);
    expect(before.credentials.find((c) => c.credentialId === stacked.credentialId)?.stacked?.flags).toEqual([]);

    // Act
    expect((await revoke(first.credentialId!)).status).toBe(200);

    // Assess
    const after = await earnerView(email);
    const shown = after.credentials.find((c) => c.credentialId === stacked.credentialId)!;
    expect(shown.status).toBe('ACTIVE');
    expect(shown.stacked).toEqual({
      stackId: stack.id,
      components: [
        expect.objectContaining({ credentialId: first.credentialId, status: 'REVOKED' }),
        expect.objectContaining({ credentialId: second.credentialId, status: 'ACTIVE' }),
      ],
      flags: ['component-revoked'],
    });
    expect(after.progress).toEqual([{ stackId: stack.id, name: stack.name, held: 1, required: 2, complete: false, awards: certificate.id }]);
    expect((await tessera.dependencies.store.credentials.get(stacked.credentialId!))?.status).toBe('ACTIVE');
  });

  it('a stack whose award cannot be made is logged and skipped: the component is still mailed', async () => {
    // Prepare: published behind the API's back, awarding an achievement that does not exist
    const { store } = tessera.dependencies;
    const broken = { ...stack, id: `broken-${run}`, awards: `no-such-award-${run}`, achievementIds: [create.id!, `other-${run}`], requires: { atLeast: 1 } };
    const at = new Date().toISOString();
    const draft = await store.stacks.createDraft({ definition: broken, status: 'draft', version: 1, createdBy: 'd', createdAt: at, updatedBy: 'd', updatedAt: at });
    await store.stacks.publish(broken.id, { revision: draft.revision, by: 'q', at });
    const email = `kim-${randomUUID()}@example.org`;

    // Act
    const issued = await earn(create.id!, email);

    // Assess
    const outcomes = await awardCompletedStacks(tessera.dependencies, issued);
    expect(outcomes.find((o) => o.stackId === broken.id)).toMatchObject({ award: 'refused', reason: expect.stringContaining(`no-such-award-${run}`) });
    await waitForMail(
      () => tessera.mails(),
      (m) => m.to === email,
      `the credential mail to ${email}`,
    );
  });
});
