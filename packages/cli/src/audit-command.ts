// `tessera audit verify`: reads the whole audit log through the admin API (GET /admin/audit, page by
// page) and recomputes its hash chain, reporting the first broken link. It prints the head (seq and
// hash): keep it somewhere Tessera cannot write, and pass it back with --head next time, so a log
// rewritten from some point on with every hash recomputed is caught too.
import { verifyChain, type AuditEntry } from '@tessera/catalogue/audit';
import type { Io } from './main.ts';

export const AUDIT_USAGE = `Usage: tessera audit verify [--url URL] [--token TOKEN] [--head SEQ:HASH]

Recomputes the audit log's hash chain through the admin API and reports the first broken link.
  --url    the Tessera API's base URL (default $TESSERA_URL or http://localhost:3000)
  --token  an admin API bearer token with the admin or auditor role (default $TESSERA_ADMIN_TOKEN)
  --head   a head printed by an earlier run: the log must still contain exactly that entry
Exit code: 0 intact, 1 broken, 2 usage or connection error.
`;

const PAGE = 1000;

type Options = { url: string; token: string; head?: { seq: number; hash: string } };

function parse(args: string[], env: NodeJS.ProcessEnv): Options | string {
  if (args[1] !== 'verify') return args[1] ? `unknown audit command "${args[1]}"` : 'audit needs a command: verify';
  const values: Record<string, string> = {};
  for (let i = 2; i < args.length; i++) {
    const flag = args[i]!;
    if (!['--url', '--token', '--head'].includes(flag)) return `unknown option ${flag}`;
    const value = args[++i];
    if (value === undefined) return `${flag} needs a value`;
    values[flag.slice(2)] = value;
  }
  const token = values.token ?? env.TESSERA_ADMIN_TOKEN;
  if (!token) return 'no token: pass --token or set TESSERA_ADMIN_TOKEN';
  let head: Options['head'];
  if (values.head) {
    const match = /^(\d+):([0-9a-f]{64})$/.exec(values.head);
    if (!match) return '--head must be SEQ:HASH as printed by audit verify';
    head = { seq: Number(match[1]), hash: match[2]! };
  }
  return { url: (values.url ?? env.TESSERA_URL ?? 'http://localhost:3000').replace(/\/+$/, ''), token, ...(head ? { head } : {}) };
}

async function readPage(options: Options, after: number): Promise<{ entries: AuditEntry[]; next?: number }> {
  const response = await fetch(`${options.url}/admin/audit?after=${after}&limit=${PAGE}`, { headers: { authorization: `Bearer ${options.token}` } });
  const body = (await response.json().catch(() => ({}))) as { entries?: AuditEntry[]; next?: number; message?: string };
  if (!response.ok || !Array.isArray(body.entries)) throw new Error(`GET /admin/audit answered ${response.status}: ${body.message ?? 'no entries'}`);
  return { entries: body.entries, ...(body.next !== undefined ? { next: body.next } : {}) };
}

export async function runAuditCommand(args: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(AUDIT_USAGE);
    return 0;
  }
  const options = parse(args, env);
  if (typeof options === 'string') {
    io.stderr.write(`tessera: ${options}\n\n${AUDIT_USAGE}`);
    return 2;
  }
  // The chain is checked page by page, each continuing from the last entry of the one before.
  let after: { seq: number; hash: string } | undefined;
  let count = 0;
  try {
    for (;;) {
      const page = await readPage(options, after?.seq ?? 0);
      // The recorded head is checked on the page that holds it, or on the last page (which then says the log ends too early).
      const headHere = options.head && (page.next === undefined || (page.entries.at(-1)?.seq ?? 0) >= options.head.seq);
      const verdict = verifyChain(page.entries, { ...(after ? { after } : {}), ...(headHere ? { knownHead: options.head } : {}) });
      if (!verdict.ok) {
        io.stdout.write(`✗ audit log broken at seq ${verdict.brokenAt}: ${verdict.reason}\n`);
        return 1;
      }
      count += verdict.entries;
      if (verdict.head) after = verdict.head;
      if (page.next === undefined) break;
    }
  } catch (error) {
    io.stderr.write(`tessera: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  io.stdout.write(after ? `✓ audit log intact: ${count} entries; head ${after.seq}:${after.hash}\n` : '✓ audit log is empty\n');
  return 0;
}
