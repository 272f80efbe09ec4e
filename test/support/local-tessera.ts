// Starts the real local Tessera for a test file: the same composition as `npm start`, on the run's
// DynamoDB Local (a fresh table), a free port and a temporary data folder.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createOutboxMailer } from '@tessera/adapters';
import type { Mail, Submission } from '@tessera/core';
import { startLocalTessera, type LocalOptions, type LocalTessera } from '../../packages/local/src/app.ts';
import { signWebhook } from '../../functions/webhook-intake/signature.ts';
import { pollFor } from './mail.ts';

export type TestTessera = LocalTessera & {
  dataDir: string;
  /** POSTs a signed award request (body as given) to /webhooks/demo. */
  postAward(award: unknown, options?: { secret?: string; timestamp?: number; rawBody?: string }): Promise<Response>;
  submission(id: string): Promise<Submission | undefined>;
  waitForStatus(id: string, statuses: Submission['status'][]): Promise<Submission>;
  mails(): Promise<Mail[]>;
  close(): Promise<void>;
};

export async function startTestTessera(options: Partial<LocalOptions> = {}): Promise<TestTessera> {
  // A test that restarts Tessera (key rotation) passes the same dataDir (and port and table) twice.
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tessera-test-')));
  const tessera = await startLocalTessera({
    port: 0,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tableName: `tessera-test-${randomUUID()}`,
    retryIntervalMs: 0,
    ...options,
    dataDir,
  });
  const outbox = createOutboxMailer({ file: join(dataDir, 'outbox.jsonl') });
  return {
    ...tessera,
    dataDir,
    postAward(award, post = {}) {
      const body = post.rawBody ?? JSON.stringify(award);
      const t = post.timestamp ?? Math.floor(Date.now() / 1000);
      return fetch(`${tessera.url}/webhooks/demo`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Tessera-Signature': signWebhook(post.secret ?? tessera.webhookSecret, body, t) },
        body,
      });
    },
    submission: (id) => tessera.dependencies.store.submissions.get(id),
    async waitForStatus(id, statuses) {
      let last: Submission | undefined;
      try {
        return await pollFor(`submission ${id} to be ${statuses.join('/')}`, async () => {
          last = await tessera.dependencies.store.submissions.get(id);
          return last && statuses.includes(last.status) ? last : undefined;
        });
      } catch (error) {
        throw new Error(`submission ${id} is ${last?.status ?? 'missing'}, expected ${statuses.join('/')}`, { cause: error });
      }
    },
    mails: () => outbox.list(),
    async close() {
      // Let running steps finish writing (reviews still waiting are abandoned after a moment).
      await Promise.race([tessera.workflow.idle(), new Promise((r) => setTimeout(r, 2000))]);
      await tessera.stop();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

/** A fresh award request for the seeded demo achievement. */
export function awardRequest(overrides: Record<string, unknown> = {}) {
  return {
    eventId: `evt-${randomUUID()}`,
    achievementId: 'demo-data-literacy',
    recipient: { email: 'ada.learner@example.org', name: 'Ada Learner' },
    evidence: [{ name: 'Final assessment', narrative: 'Scored 86%.', url: 'https://lms.example.edu/attempts/1' }],
    occurredAt: '2026-11-28T09:30:00Z',
    ...overrides,
  };
}

export function reviewLinkIn(mail: Mail): string {
  const link = /https?:\/\/\S+\/review\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no review link in mail "${mail.subject}"`);
  return link;
}

/** An admin API call with the stack's admin token; a string body is sent as it is (CSV), anything else as JSON. */
export async function adminCall(tessera: { url: string; adminToken: string }, method: string, path: string, body?: unknown, contentType = 'application/json') {
  const response = await fetch(`${tessera.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${tessera.adminToken}`, ...(body === undefined ? {} : { 'Content-Type': contentType }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  // A test reads whatever field it checks; expect() does the type checking.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
