// `npm run demo`: walks the whole journey against a running `npm start`, as a person would:
// the LMS webhook, the reviewer's email and decision, the issued credential, and its verification.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { publicPaths, publicUrl } from '@tessera/core';
import { signWebhook } from '../functions/webhook-intake/signature.ts';
import { CONNECTION_FILE } from '../packages/local/src/app.ts';

const dataDir = resolve(process.env.TESSERA_DATA_DIR ?? '.data');
const connection = await readConnection();
const base = process.env.TESSERA_URL ?? connection.url;
const adminToken = process.env.TESSERA_ADMIN_TOKEN ?? connection.adminToken;
const secret = process.env.TESSERA_DEMO_WEBHOOK_SECRET ?? connection.webhookSecret;

const step = (n: number, text: string) => console.log(`\n${n}. ${text}`);

step(1, 'The LMS reports that a learner met the criteria (signed webhook)');
const sample = JSON.parse(await readFile(new URL('../events/generic/award-request.json', import.meta.url), 'utf8'));
const award = { ...sample, eventId: `demo-${Date.now()}`, occurredAt: new Date().toISOString() };
const body = JSON.stringify(award);
const intake = await fetch(`${base}/webhooks/demo`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', 'Tessera-Signature': signWebhook(secret, body, Math.floor(Date.now() / 1000)) },
  body,
});
const { submissionId } = (await expectStatus(intake, 202)) as { submissionId: string };
console.log(`   202 Accepted → submission ${submissionId}`);

step(2, 'Evidence received; the workflow asks the reviewer');
await waitForStatus(submissionId, ['IN_REVIEW']);
const mail = await waitForMail((m) => m.subject.startsWith('Review needed') && m.text.includes(award.recipient.name), submissionId);
const reviewUrl = /https?:\/\/\S+\/review\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
if (!reviewUrl) throw new Error('the review mail has no review link');
console.log(`   mail to ${mail.to}: "${mail.subject}"`);
console.log(`   review link ${reviewUrl.replace(/[A-Za-z0-9_-]{43}$/, '<secret>')}`);

step(3, 'The reviewer opens the link (changes nothing) and approves');
await expectStatus(await fetch(reviewUrl), 200, 'text');
const decision = await fetch(reviewUrl, {
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ decision: 'approve', comment: 'Evidence checked against the rubric.' }).toString(),
});
await expectStatus(decision, 200, 'text');
console.log('   approved');

step(4, 'Release: signed Open Badges 3.0 credential, published');
const submission = await waitForStatus(submissionId, ['ISSUED']);
console.log(`   status ISSUED, credential ${submission.credentialUrl}`);
const credential = await expectStatus(await fetch(String(submission.credentialUrl)), 200);

step(5, 'Notify: the earner is emailed a link to the badge page');
const badgePage = publicUrl(base, publicPaths.badgePage(String(submission.credentialId)));
const earnerMail = await waitForMail((m) => m.to === award.recipient.email && m.text.includes(badgePage), submissionId);
console.log(`   mail to ${earnerMail.to}: "${earnerMail.subject}"`);

step(6, 'Verify: anyone checks the credential');
const verification = (await expectStatus(
  await fetch(`${base}/verify`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(credential) }),
  200,
)) as { verified: boolean; checks: { name: string; ok: boolean; message: string }[] };
for (const check of verification.checks) console.log(`   ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.message}`);
console.log(`   verified: ${verification.verified}`);

console.log(`\nBadge page:        ${badgePage} (verifies when opened; share it)`);
console.log(`Issued credential: ${submission.credentialUrl}`);
console.log(
  `Baked badge:       ${publicUrl(base, publicPaths.bakedBadge(String(submission.credentialId), 'png'))} (and .svg): check it at ${base}/verify or with npx tessera verify FILE`,
);
console.log(`Earner's own page: ${base}/me (sign in with ${award.recipient.email}; the link arrives in ${base}/_local/outbox?format=html)`);
if (!verification.verified) process.exit(1);

async function readConnection(): Promise<{ url: string; adminToken: string; webhookSecret: string }> {
  try {
    return JSON.parse(await readFile(resolve(dataDir, CONNECTION_FILE), 'utf8'));
  } catch {
    console.error(`No running Tessera found (${resolve(dataDir, CONNECTION_FILE)} is missing). Start it first with: npm start`);
    process.exit(2);
  }
}

async function expectStatus(response: Response, status: number, as: 'json' | 'text' = 'json'): Promise<unknown> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`${response.url}: expected ${status}, got ${response.status}: ${text.slice(0, 500)}`);
  return as === 'json' ? JSON.parse(text) : text;
}

async function waitForStatus(id: string, wanted: string[]): Promise<Record<string, unknown>> {
  for (let i = 0; i < 300; i++) {
    const submission = (await expectStatus(await fetch(`${base}/admin/submissions/${id}`, { headers: { Authorization: `Bearer ${adminToken}` } }), 200)) as Record<string, unknown>;
    if (wanted.includes(String(submission.status))) return submission;
    if (['REJECTED', 'EXPIRED', 'FAILED'].includes(String(submission.status))) {
      throw new Error(`submission ${id} ended ${submission.status}: ${submission.failureReason ?? ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`submission ${id} did not reach ${wanted.join('/')} within 30 s`);
}

type Mail = { to: string; subject: string; text: string; html: string };
async function waitForMail(match: (m: Mail) => boolean, id: string): Promise<Mail> {
  for (let i = 0; i < 300; i++) {
    const mails = (await expectStatus(await fetch(`${base}/_local/outbox`), 200)) as Mail[];
    const found = mails.filter(match).at(-1);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no matching mail for ${id} in the outbox within 30 s`);
}
