// The restore drill of docs/RELIABILITY.md: issue credentials, revoke one, `tessera export`, then
// `tessera import` into an empty table and data folder (the signing key copied by hand, as the
// operator must) and start the stack on them: every credential still verifies, the status lists
// answer again, the revoked one stays revoked.
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { main } from '../../packages/cli/src/main.ts';
import type { BackupManifest } from '../../packages/cli/src/backup.ts';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

type Verification = { verified: boolean; checks: { name: string; ok: boolean; message: string }[] };
type Entry = { statusListCredential: string };
/** One status entry is an object, several are an array. */
type Credential = Record<string, unknown> & { credentialStatus: Entry | Entry[] };

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
});

/** Runs the CLI as `npx tessera ...` would, capturing what it prints. */
async function tessera(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } });
  return { code, out, err };
}

async function verify(url: string, credential: unknown): Promise<Verification> {
  const response = await fetch(`${url}/verify`, { method: 'POST', body: JSON.stringify(credential) });
  expect(response.status).toBe(200);
  return (await response.json()) as Verification;
}

describe('restore drill: export, import into an empty table and data folder, start again', () => {
  it('every credential still verifies, status lists answer, a revoked one stays revoked', { timeout: 240_000 }, async () => {
    // Prepare: three credentials on a first stack, one of them revoked.
    const endpoint = inject('dynamodbEndpoint');
    const tableName = `tessera-drill-${randomUUID()}`;
    const first: TestTessera = await startTestTessera({ tableName, demoAchievement: { qaPolicy: 'auto' } });
    cleanup.push(() => first.close());
    const issued: { credential: Credential; credentialId: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await first.postAward(awardRequest({ recipient: { email: `drill${i}@example.org`, name: `Drill ${i}` } }));
      expect(response.status).toBe(202);
      const { submissionId } = (await response.json()) as { submissionId: string };
      const submission = await first.waitForStatus(submissionId, ['ISSUED', 'FAILED']);
      expect(submission.status).toBe('ISSUED');
      issued.push({ credential: (await (await fetch(submission.credentialUrl!)).json()) as Credential, credentialId: submission.credentialId! });
    }
    const revoked = await fetch(`${first.url}/admin/credentials/${issued[0]!.credentialId}/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${first.adminToken}` },
      body: JSON.stringify({ reason: 'restore drill' }),
    });
    expect(revoked.status).toBe(200);

    // Act: export; the stack stops; import into a new table; the key copied by hand; start again on the same port (origin).
    const exportDir = join(await mkdtemp(join(tmpdir(), 'tessera-export-')), 'backup');
    cleanup.push(() => rm(join(exportDir, '..'), { recursive: true, force: true }));
    const exported = await tessera('export', exportDir, '--endpoint', endpoint, '--table', tableName);
    expect(exported).toMatchObject({ code: 0, err: '' });
    const manifest = JSON.parse(await readFile(join(exportDir, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(manifest.schemaVersion).toBe(1);
    expect(manifest.entities.Credential?.count).toBe(3);
    expect(manifest.entities.Submission?.count).toBe(3);
    expect(Object.keys(manifest.entities)).toEqual(expect.arrayContaining(['Issuer', 'Achievement', 'WebhookSource', 'StatusList', 'IssuerKey']));
    // Nothing secret beyond what the table holds: no private key in any file.
    for (const file of await readdir(exportDir)) expect(await readFile(join(exportDir, file), 'utf8')).not.toMatch(/PRIVATE KEY/);

    const port = Number(new URL(first.url).port);
    const restoredDir = await mkdtemp(join(tmpdir(), 'tessera-restored-'));
    await cp(join(first.dataDir, 'keys'), join(restoredDir, 'keys'), { recursive: true });
    await first.close();
    const restoredTable = `tessera-restored-${randomUUID()}`;
    const imported = await tessera('import', exportDir, '--endpoint', endpoint, '--table', restoredTable);
    expect(imported).toMatchObject({ code: 0, err: '' });
    const second = await startTestTessera({ dataDir: restoredDir, tableName: restoredTable, port, demoAchievement: { qaPolicy: 'auto' } });
    cleanup.push(() => second.close());

    // Assess
    for (const { credential } of issued) {
      const list = await fetch([credential.credentialStatus].flat()[0]!.statusListCredential);
      expect(list.status).toBe(200);
    }
    const [revokedOne, ...others] = await Promise.all(issued.map(({ credential }) => verify(second.url, credential)));
    for (const result of others) expect(result.verified, JSON.stringify(result.checks)).toBe(true);
    expect(revokedOne!.verified).toBe(false);
    expect(revokedOne!.checks.find((c) => c.name === 'status')).toMatchObject({ ok: false });
    expect(revokedOne!.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['status']);
    // A second import into the now non-empty table is refused, and --force allows it.
    const again = await tessera('import', exportDir, '--endpoint', endpoint, '--table', restoredTable);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/is not empty.*--force/);
    expect((await tessera('import', exportDir, '--endpoint', endpoint, '--table', restoredTable, '--force')).code).toBe(0);
  });

  it('refuses an export whose files do not match the manifest', { timeout: 60_000 }, async () => {
    const endpoint = inject('dynamodbEndpoint');
    const tableName = `tessera-drill-${randomUUID()}`;
    const stack = await startTestTessera({ tableName });
    cleanup.push(() => stack.close());
    const exportDir = join(await mkdtemp(join(tmpdir(), 'tessera-export-')), 'backup');
    cleanup.push(() => rm(join(exportDir, '..'), { recursive: true, force: true }));
    expect((await tessera('export', exportDir, '--endpoint', endpoint, '--table', tableName)).code).toBe(0);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(exportDir, 'Issuer.jsonl'), `${(await readFile(join(exportDir, 'Issuer.jsonl'), 'utf8')).replace('Demo University', 'Evil University')}`);
    const result = await tessera('import', exportDir, '--endpoint', endpoint, '--table', `tessera-drill-${randomUUID()}`);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/Issuer\.jsonl does not match its checksum/);
  });
});
