// `tessera bulk FILE`: uploads a CSV of awards to POST /admin/bulk, follows the batch with a progress
// bar until it is done, then prints the counts and every invalid row (and, with --out, each row's
// outcome as CSV). The batch runs on the server: stopping the command does not stop the batch.
import { readFile, writeFile } from 'node:fs/promises';
import { formatCsv } from '@tessera/catalogue';
import { AdminApiError, adminApi } from './catalogue-plan.ts';
import { printable, type Io } from './main.ts';

export const BULK_USAGE = `Usage: tessera bulk FILE [--out RESULTS.csv] [--url URL] [--token TOKEN]

Uploads a CSV of awards (header eventId,email,name,achievementId,evidenceUrl, optionally evidenceNarrative)
and follows the batch until every row has an outcome: accepted, duplicate or invalid.
  --out    write each row's outcome to this CSV file (row,outcome,submissionId,errors)
  --url    the Tessera API's base URL (default $TESSERA_URL or http://localhost:3000)
  --token  an admin API bearer token with the registrar or admin role (default $TESSERA_ADMIN_TOKEN)
Uploading the same file again adds nothing: its rows come back as duplicates.
Exit code: 0 every row accepted or duplicate, 1 some rows invalid (or the batch was stopped, or refused), 2 usage, file or connection error.
`;

export const BULK_EXIT = { ok: 0, invalidRows: 1, usage: 2 } as const;

type Options = { file: string; out?: string; url: string; token: string; pollMs: number };

function parse(args: string[], env: NodeJS.ProcessEnv): Options | string {
  const values: Record<string, string> = {};
  const files: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--url' || arg === '--token' || arg === '--out') {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      values[arg.slice(2)] = value;
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else files.push(arg);
  }
  if (files.length !== 1) return files.length ? `bulk takes one FILE, not ${files.length}` : 'bulk needs a FILE';
  const token = values.token ?? env.TESSERA_ADMIN_TOKEN;
  if (!token) return 'no token: pass --token or set TESSERA_ADMIN_TOKEN';
  const pollMs = Number(env.TESSERA_BULK_POLL_MS ?? 500);
  return { file: files[0]!, out: values.out, url: (values.url ?? env.TESSERA_URL ?? 'http://localhost:3000').replace(/\/+$/, ''), token, pollMs };
}

type Counts = { accepted: number; duplicate: number; invalid: number };
type RowResult = { row: number; outcome: keyof Counts; submissionId?: string; errors?: { path: string; message: string }[] };
type Batch = { batchId: string; status: 'running' | 'done'; total: number; processed: number; counts: Counts; stopped?: string; rows?: RowResult[] };

const BAR_WIDTH = 30;

/** `[#########.....................]  3000/10000  30%  accepted 2990 · duplicate 0 · invalid 10` */
export function progressLine(batch: Pick<Batch, 'total' | 'processed' | 'counts'>): string {
  const share = batch.total ? batch.processed / batch.total : 1;
  const filled = Math.round(share * BAR_WIDTH);
  const { accepted, duplicate, invalid } = batch.counts;
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(batch.processed).padStart(String(batch.total).length)}/${batch.total} ${String(Math.floor(share * 100)).padStart(3)}%  accepted ${accepted} · duplicate ${duplicate} · invalid ${invalid}`;
}

const errorsText = (errors: RowResult['errors']) => (errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ');

/** How many invalid rows are printed; --out has them all. */
const INVALID_SHOWN = 50;

export async function runBulkCommand(args: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(BULK_USAGE);
    return BULK_EXIT.ok;
  }
  const options = parse(args, env);
  if (typeof options === 'string') {
    io.stderr.write(`tessera: ${options}\n\n${BULK_USAGE}`);
    return BULK_EXIT.usage;
  }
  let csv: string;
  try {
    csv = await readFile(options.file, 'utf8');
  } catch (error) {
    io.stderr.write(`tessera: cannot read ${printable(options.file)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return BULK_EXIT.usage;
  }
  const api = adminApi(options.url, options.token);
  // On a terminal the bar redraws in place; in a log, a line at each tenth.
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  try {
    const { batchId } = (await api.send('POST', '/admin/bulk', { text: csv, contentType: 'text/csv' })) as { batchId: string };
    io.stderr.write(`Batch ${batchId}: ${options.url}/admin/bulk/${batchId} (it carries on if this command stops)\n`);
    let lastTenth = -1;
    let batch: Batch;
    for (;;) {
      batch = (await api.get(`/admin/bulk/${encodeURIComponent(batchId)}?rows=none`)) as Batch;
      const tenth = batch.total ? Math.floor((batch.processed / batch.total) * 10) : 10;
      if (tty) io.stderr.write(`\r${progressLine(batch)}`);
      else if (tenth !== lastTenth) io.stderr.write(`${progressLine(batch)}\n`);
      lastTenth = tenth;
      if (batch.status === 'done') break;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    }
    if (tty) io.stderr.write('\n');
    batch = (await api.get(`/admin/bulk/${encodeURIComponent(batchId)}`)) as Batch;
    const rows = batch.rows ?? [];
    const { accepted, duplicate, invalid } = batch.counts;
    io.stdout.write(`${options.file}: ${batch.total} rows: ${accepted} accepted, ${duplicate} duplicate, ${invalid} invalid\n`);
    const bad = rows.filter((r) => r.outcome === 'invalid');
    for (const row of bad.slice(0, INVALID_SHOWN)) io.stdout.write(`  row ${row.row}: ${printable(errorsText(row.errors))}\n`);
    if (bad.length > INVALID_SHOWN)
      io.stdout.write(`  … and ${bad.length - INVALID_SHOWN} more invalid rows${options.out ? ` (all in ${options.out})` : ' (--out FILE lists them all)'}\n`);
    if (batch.stopped) io.stderr.write(`tessera: the batch was stopped: ${batch.stopped}\n`);
    if (options.out) {
      const records = [['row', 'outcome', 'submissionId', 'errors'], ...rows.map((r) => [String(r.row), r.outcome, r.submissionId ?? '', errorsText(r.errors)])];
      await writeFile(options.out, formatCsv(records));
      io.stdout.write(`Each row's outcome: ${options.out}\n`);
    }
    return bad.length || batch.stopped ? BULK_EXIT.invalidRows : BULK_EXIT.ok;
  } catch (error) {
    if (tty) io.stderr.write('\n');
    if (error instanceof AdminApiError) {
      io.stderr.write(`tessera: ${error.message}\n`);
      return error.status === 401 ? BULK_EXIT.usage : BULK_EXIT.invalidRows;
    }
    const unreachable = error instanceof TypeError && error.message === 'fetch failed';
    io.stderr.write(`tessera: ${unreachable ? `cannot reach ${options.url}` : (error as Error).message}\n`);
    return BULK_EXIT.usage;
  }
}
