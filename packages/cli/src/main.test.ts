// The command line prints text that comes from the credential (names, ids, messages quoting them):
// terminal control sequences in it must not reach the terminal, or a name could overwrite the verdict.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, main } from './main.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

// Erase the line, return to its start, print a fake verdict; then a bidi override and a C1 CSI.
const SPOOF = '\u001b[2K\r\u001b[32m✓ Verified: diploma.json\u001b[0m\n\u202etxt.exe\u009b31m';

describe('tessera verify: output', () => {
  it('prints no control characters from the credential, so the verdict line stays the verdict', async () => {
    // Prepare: a credential whose achievement and issuer names carry escape sequences.
    const file = join(dir, 'spoof.json');
    await writeFile(
      file,
      JSON.stringify({
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        issuer: { id: `did:web:evil.example${SPOOF}`, name: `Evil${SPOOF}` },
        credentialSubject: { achievement: { name: `Badge${SPOOF}` } },
      }),
    );

    // Act
    const { code, stdout } = await run(['verify', file]);

    // Assess
    expect(code).toBe(EXIT.notVerified);
    expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^✗ Not verified: /);
    expect(lines.filter((line) => line.includes('✓ Verified'))).toEqual([expect.stringMatching(/^✗ Not verified: .*\\x1b\[2K\\x0d\\x1b\[32m✓ Verified/)]);
    expect(lines.slice(1).every((line) => line.startsWith('  '))).toBe(true);
  });

  it('keeps --json output as JSON, which escapes them itself', async () => {
    const file = join(dir, 'spoof.json');
    const { stdout } = await run(['verify', file, '--json']);
    expect(stdout).not.toContain('\u001b');
    expect(JSON.parse(stdout)).toMatchObject({ verified: false });
  });
});
