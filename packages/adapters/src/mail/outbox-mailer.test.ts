import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mail } from '@tessera/core';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createOutboxMailer } from './outbox-mailer.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-outbox-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const review: Mail = {
  to: 'qa@uni.example',
  subject: 'Review needed: Data Literacy',
  text: 'Decide here:\nhttps://localhost:3000/review/s3cr3t',
  html: '<p>Decide <a href="https://localhost:3000/review/s3cr3t">here</a></p>',
};
const claim: Mail = { to: 'ada@learner.example', subject: 'Your badge', text: 'Claim it', html: '<p>Claim it</p>' };

it('lists nothing before the first mail, even though the file does not exist yet', async () => {
  // Prepare
  const outbox = createOutboxMailer({ file: join(dir, 'never', 'outbox.jsonl') });

  // Act
  const mails = await outbox.list();

  // Assess
  expect(mails).toEqual([]);
});

it('lists sent mails oldest first, creating the folder on the first send', async () => {
  // Prepare
  const outbox = createOutboxMailer({ file: join(dir, 'nested', 'deeper', 'outbox.jsonl') });

  // Act
  await outbox.send(review);
  await outbox.send(claim);

  // Assess
  expect(await outbox.list()).toEqual([review, claim]);
});

it('shares the outbox with another process through the file, one JSON line per mail', async () => {
  // Prepare
  const file = join(dir, 'outbox.jsonl');
  const writer = createOutboxMailer({ file });
  const reader = createOutboxMailer({ file });

  // Act
  await writer.send(review);
  await writer.send(claim);

  // Assess
  expect(await reader.list()).toEqual([review, claim]);
  expect((await readFile(file, 'utf8')).split('\n')).toEqual([JSON.stringify(review), JSON.stringify(claim), '']);
});

it('keeps mails sent before a restart', async () => {
  // Prepare
  const file = join(dir, 'outbox.jsonl');
  await createOutboxMailer({ file }).send(review);

  // Act
  const afterRestart = createOutboxMailer({ file });
  await afterRestart.send(claim);

  // Assess
  expect(await afterRestart.list()).toEqual([review, claim]);
});

it('stores only the mail, not extra fields a caller passed along', async () => {
  // Prepare
  const outbox = createOutboxMailer({ file: join(dir, 'outbox.jsonl') });
  const withExtra = { ...claim, taskToken: 'must-not-leak' };

  // Act
  await outbox.send(withExtra);

  // Assess
  expect(await outbox.list()).toEqual([claim]);
});

it('empties the outbox on clear, and tolerates clearing an empty one', async () => {
  // Prepare
  const outbox = createOutboxMailer({ file: join(dir, 'outbox.jsonl') });
  await outbox.send(review);

  // Act
  await outbox.clear();
  await outbox.clear();

  // Assess
  expect(await outbox.list()).toEqual([]);
});

it('refuses to list a damaged outbox, naming the line', async () => {
  // Prepare
  const file = join(dir, 'outbox.jsonl');
  await writeFile(file, `${JSON.stringify(review)}\n{"to": "half a mail\n`);
  const outbox = createOutboxMailer({ file });

  // Act
  const listed = outbox.list();

  // Assess
  await expect(listed).rejects.toThrow(/line 2 is not a mail/);
});
