// Key rotation end to end on the local stack, over HTTP: issue with key 1, rotate (as
// `npm run keys:rotate` does) and restart, issue with key 2; both verify over POST /verify and
// did.json lists both. Then the recipient check of POST /verify on the same credentials.
import { mkdtemp } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { retireLocalKey } from '@tessera/adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localKeyFile } from '../../packages/local/src/app.ts';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

type Verification = { verified: boolean; checks: { name: string; ok: boolean; message: string }[] };
type Credential = { proof: { verificationMethod: string }[] } & Record<string, unknown>;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function issueOne(tessera: TestTessera): Promise<Credential> {
  const response = await tessera.postAward(awardRequest());
  const { submissionId } = (await response.json()) as { submissionId: string };
  const issued = await tessera.waitForStatus(submissionId, ['ISSUED']);
  return (await (await fetch(issued.credentialUrl!)).json()) as Credential;
}

const verify = async (url: string, body: unknown) => fetch(`${url}/verify`, { method: 'POST', body: JSON.stringify(body) });
const verification = async (url: string, body: unknown) => (await (await verify(url, body)).json()) as Verification;

let tessera: TestTessera;
let before: Credential;
let after: Credential;
beforeAll(async () => {
  const same = {
    port: await freePort(),
    dataDir: await mkdtemp(join(tmpdir(), 'tessera-keys-')),
    tableName: `tessera-test-${randomUUID()}`,
    demoAchievement: { qaPolicy: 'auto' as const },
  };
  const first = await startTestTessera(same);
  before = await issueOne(first);
  await first.workflow.idle();
  await first.stop();
  retireLocalKey(localKeyFile(same.dataDir), new Date());
  tessera = await startTestTessera(same);
  after = await issueOne(tessera);
});
afterAll(() => tessera?.close());

describe('key rotation on the local stack', () => {
  it('signs after the rotation with a new key', () => {
    expect(after.proof[0]!.verificationMethod).not.toBe(before.proof[0]!.verificationMethod);
  });

  it('did.json lists both keys for assertionMethod', async () => {
    // Act
    const did = (await (await fetch(`${tessera.url}/.well-known/did.json`)).json()) as { verificationMethod: { id: string }[]; assertionMethod: string[] };

    // Assess
    const both = [before.proof[0]!.verificationMethod, after.proof[0]!.verificationMethod];
    expect(did.verificationMethod.map((vm) => vm.id)).toEqual(both);
    expect(did.assertionMethod).toEqual(both);
  });

  it.each([
    ['signed with the old key', () => before],
    ['signed with the new key', () => after],
  ])('verifies the credential %s over POST /verify', async (_, credential) => {
    // Act
    const result = await verification(tessera.url, credential());

    // Assess
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.verified).toBe(true);
  });
});

describe('POST /verify with a recipient', () => {
  it('adds a passing recipient check for the address the credential was issued to', async () => {
    // Act
    const result = await verification(tessera.url, { credential: after, recipientEmail: 'ada.learner@example.org' });

    // Assess
    expect(result.verified).toBe(true);
    expect(result.checks.at(-1)).toEqual({ name: 'recipient', ok: true, message: 'issued to this e-mail address' });
  });

  it('answers verified:false for another address', async () => {
    // Act
    const result = await verification(tessera.url, { credential: after, recipientEmail: 'someone.else@example.org' });

    // Assess
    expect(result.verified).toBe(false);
    expect(result.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['recipient']);
  });

  it('refuses a recipient that is not an e-mail address with a 400 naming the field', async () => {
    // Act
    const response = await verify(tessera.url, { credential: after, recipientEmail: 'not an address' });

    // Assess
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('recipientEmail');
  });
});
