// The `tessera` command line. `tessera verify FILE [--json]` runs the checks of POST /verify on a
// credential file (JSON, baked PNG or baked SVG), resolving did:web issuers over HTTPS (http for
// localhost). Exit codes: 0 verified, 1 not verified (or no credential in the file), 2 usage error.
import { readFile } from 'node:fs/promises';
import { TesseraError } from '@tessera/core';
import { createHttpDocumentResolver, readCredential, sniffCredentialFormat, verifyCredential, type VerificationResult } from '@tessera/credentials';

export const EXIT = { verified: 0, notVerified: 1, usage: 2 } as const;

type Output = { write(text: string): unknown };
export type Io = { stdout: Output; stderr: Output };

const USAGE = `Usage: tessera verify FILE [--json]
       tessera export DIR | import DIR   (tessera export --help)
       tessera audit verify [--url URL] [--token TOKEN] [--head SEQ:HASH]   (tessera audit --help)
       tessera catalogue apply FILE [--plan] [--url URL] [--token TOKEN]   (tessera catalogue --help)
       tessera bulk FILE [--out RESULTS.csv] [--url URL] [--token TOKEN]   (tessera bulk --help)

Verifies an Open Badges 3.0 credential: FILE is the credential JSON, or a baked badge (PNG or SVG).
  --json   print the result as JSON ({verified, checks}) instead of text
Exit code: 0 verified, 1 not verified, 2 usage error.
`;

type Command = { file: string; json: boolean };

function parseArgs(args: string[]): Command | string {
  const flags = args.filter((a) => a.startsWith('-'));
  const words = args.filter((a) => !a.startsWith('-'));
  const unknown = flags.filter((f) => f !== '--json');
  if (unknown.length) return `unknown option ${unknown[0]}`;
  if (words[0] !== 'verify') return words[0] ? `unknown command "${words[0]}"` : 'no command given';
  if (words.length !== 2) return words.length < 2 ? 'verify needs a FILE' : `verify takes one FILE, not ${words.length - 1}`;
  return { file: words[1]!, json: flags.includes('--json') };
}

/** C0 and C1 controls, DEL, and the bidirectional overrides and isolates. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text from a credential, safe for a terminal: a control character is shown as its escape
 *  (\x1b, \u202e), so a name can neither move the cursor nor start a line of its own. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

type Json = Record<string, unknown>;
const nameOf = (value: unknown): string | undefined =>
  typeof value === 'object' && value !== null && typeof (value as Json).name === 'string' ? ((value as Json).name as string) : undefined;

function describe(credential: unknown): string | undefined {
  if (typeof credential !== 'object' || credential === null) return undefined;
  const c = credential as Json;
  const achievement = nameOf((c.credentialSubject as Json | undefined)?.achievement) ?? nameOf(c);
  const issuer = nameOf(c.issuer);
  return [achievement, issuer && `issued by ${issuer}`].filter(Boolean).join(', ') || undefined;
}

function report(file: string, credential: unknown, result: VerificationResult): string {
  const about = describe(credential);
  const lines = [`${result.verified ? '✓ Verified' : '✗ Not verified'}: ${printable(file)}${about ? ` (${printable(about)})` : ''}`];
  const width = Math.max(...result.checks.map((c) => c.name.length));
  for (const check of result.checks) lines.push(`  ${check.ok ? '✓' : '✗'} ${check.name.padEnd(width)}  ${printable(check.message)}`);
  return `${lines.join('\n')}\n`;
}

export async function main(args: string[], io: Io): Promise<number> {
  if (args[0] === 'export' || args[0] === 'import') return (await import('./backup-command.ts')).runBackupCommand(args, io);
  if (args[0] === 'audit') return (await import('./audit-command.ts')).runAuditCommand(args, io);
  if (args[0] === 'catalogue') return (await import('./catalogue-command.ts')).runCatalogueCommand(args, io);
  if (args[0] === 'bulk') return (await import('./bulk-command.ts')).runBulkCommand(args, io);
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(USAGE);
    return EXIT.verified;
  }
  const command = parseArgs(args);
  if (typeof command === 'string') {
    io.stderr.write(`tessera: ${command}\n\n${USAGE}`);
    return EXIT.usage;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(command.file);
  } catch (error) {
    io.stderr.write(`tessera: cannot read ${printable(command.file)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return EXIT.usage;
  }
  let credential: unknown;
  try {
    credential = readCredential(bytes, sniffCredentialFormat(bytes), command.file);
  } catch (error) {
    if (!(error instanceof TesseraError)) throw error;
    const problem = { verified: false, error: error.code, message: error.message, details: error.details };
    io.stdout.write(command.json ? `${JSON.stringify(problem, null, 2)}\n` : `✗ Not verified: ${printable(error.message)}\n`);
    return EXIT.notVerified;
  }
  // A person's own machine: did:web:localhost is theirs to resolve.
  const result = await verifyCredential(credential, { resolveDocument: createHttpDocumentResolver({ allowLocalhost: true }) });
  io.stdout.write(command.json ? `${JSON.stringify(result, null, 2)}\n` : report(command.file, credential, result));
  return result.verified ? EXIT.verified : EXIT.notVerified;
}
