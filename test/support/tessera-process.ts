// `npm start` as a child process, for tests that kill it (`kill -9`) and start it again on the
// same data folder, port and table: what a person does after a crash or a reboot.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createOutboxMailer } from '@tessera/adapters';
import type { Mail, Submission } from '@tessera/core';
import { signWebhook } from '../../functions/webhook-intake/signature.ts';

const ROOT = join(import.meta.dirname, '..', '..');

export type TesseraProcessOptions = {
  dataDir: string;
  port: number;
  dynamodbEndpoint: string;
  tableName: string;
  adminToken: string;
  webhookSecret: string;
  /** More environment (TESSERA_CHAOS, say). */ env?: Record<string, string>;
  /** @default 60000 */ startTimeoutMs?: number;
};

export type TesseraProcess = {
  url: string;
  child: ChildProcess;
  /** SIGKILL: nothing gets to clean up or flush. */
  kill9(): Promise<void>;
};

/**
 * A port free right now, for a process that must come back on the same one. Taken below Linux's
 * ephemeral range (32768-60999): every other test server listens on port 0 and so gets an ephemeral
 * port, which could otherwise be the one this process needs again after its kill -9.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!bound) continue;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }
  throw new Error('no free port between 20000 and 32000');
}

export function processOptions(dataDir: string, dynamodbEndpoint: string, port: number): TesseraProcessOptions {
  return { dataDir, port, dynamodbEndpoint, tableName: `tessera-crash-${randomUUID()}`, adminToken: `admin-${randomUUID()}`, webhookSecret: `secret-${randomUUID()}` };
}

/** Runs packages/local/src/main.ts (what `npm start` runs) and resolves once it says it is running. */
export async function startTesseraProcess(options: TesseraProcessOptions): Promise<TesseraProcess> {
  // Node itself with tsx's loader (not the tsx CLI, which would run Node as a grandchild that a
  // SIGKILL of its parent leaves running).
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'packages/local/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      TESSERA_DATA_DIR: options.dataDir,
      PORT: String(options.port),
      TESSERA_DYNAMODB_ENDPOINT: options.dynamodbEndpoint,
      TESSERA_TABLE_NAME: options.tableName,
      TESSERA_ADMIN_TOKEN: options.adminToken,
      TESSERA_DEMO_WEBHOOK_SECRET: options.webhookSecret,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timeoutMs = options.startTimeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // not left running with nobody to stop it
      reject(new Error(`npm start did not come up in ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const running = /Tessera is running locally at (\S+)/.exec(output);
      if (running) {
        clearTimeout(timer);
        resolve(running[1]!);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before it was running:\n${output}`));
    });
  });
  return {
    url,
    child,
    async kill9() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The HTTP side a test needs: signed webhooks, the admin API and the outbox file. */
export function clientOf(url: string, options: TesseraProcessOptions) {
  const outbox = createOutboxMailer({ file: join(options.dataDir, 'outbox.jsonl') });
  return {
    postAward(award: unknown): Promise<Response> {
      const body = JSON.stringify(award);
      const signature = signWebhook(options.webhookSecret, body, Math.floor(Date.now() / 1000));
      return fetch(`${url}/webhooks/demo`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Tessera-Signature': signature }, body });
    },
    async submission(id: string): Promise<Submission> {
      const response = await fetch(`${url}/admin/submissions/${id}`, { headers: { Authorization: `Bearer ${options.adminToken}` } });
      if (response.status !== 200) throw new Error(`GET /admin/submissions/${id} answered ${response.status}`);
      return (await response.json()) as Submission;
    },
    mails: (): Promise<Mail[]> => outbox.list(),
  };
}
