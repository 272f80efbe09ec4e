// `tessera catalogue apply FILE [--plan]`: brings Tessera's catalogue in line with a YAML or JSON
// file through the admin API. The whole file is checked first and nothing is written if any entry
// is wrong; each entry is compared with what the API shows, so applying the same file twice changes
// nothing. It never publishes: a second person (qa-manager or admin) publishes the drafts it leaves.
import { AdminApiError, adminApi, planCatalogue, type Change } from './catalogue-plan.ts';
import { readCatalogueFile } from './catalogue-file.ts';
import type { Io } from './main.ts';

export const CATALOGUE_USAGE = `Usage: tessera catalogue apply FILE [--plan] [--url URL] [--token TOKEN]

Applies a catalogue file (YAML or JSON: frameworks, sources, achievements, stacks) through the admin API.
  --plan   print what would change (create / update / unchanged per entry) and change nothing
  --url    the Tessera API's base URL (default $TESSERA_URL or http://localhost:3000)
  --token  an admin API bearer token with the admin or designer role (default $TESSERA_ADMIN_TOKEN)
Achievements and stacks it creates or edits stay drafts: another qa-manager or admin publishes them.
Exit code: 0 applied (or planned), 1 refused by Tessera or a conflict, 2 usage, file or connection error.
`;

export const CATALOGUE_EXIT = { ok: 0, refused: 1, usage: 2 } as const;

type Options = { file: string; plan: boolean; url: string; token: string };

function parse(args: string[], env: NodeJS.ProcessEnv): Options | string {
  if (args[1] !== 'apply') return args[1] ? `unknown catalogue command "${args[1]}"` : 'catalogue needs a command: apply';
  const values: Record<string, string> = {};
  const files: string[] = [];
  let plan = false;
  for (let i = 2; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--plan') plan = true;
    else if (arg === '--url' || arg === '--token') {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      values[arg.slice(2)] = value;
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else files.push(arg);
  }
  if (files.length !== 1) return files.length ? `apply takes one FILE, not ${files.length}` : 'apply needs a FILE';
  const token = values.token ?? env.TESSERA_ADMIN_TOKEN;
  if (!token) return 'no token: pass --token or set TESSERA_ADMIN_TOKEN';
  return { file: files[0]!, plan, url: (values.url ?? env.TESSERA_URL ?? 'http://localhost:3000').replace(/\/+$/, ''), token };
}

const VERB = { create: ['create', 'created'], update: ['update', 'updated'], unchanged: ['unchanged', 'unchanged'], conflict: ['conflict', 'conflict'] } as const;

function line(change: Change, done: boolean, note?: string): string {
  const what = `${change.kind} ${change.id}`.padEnd(40);
  const fields = change.action === 'update' ? ` (${change.fields!.join(', ')})` : '';
  const reason = change.reason ? `: ${change.reason}` : '';
  return `  ${what} ${VERB[change.action][done ? 1 : 0]}${fields}${reason}${note ? `\n      ${note}` : ''}\n`;
}

function tally(changes: Change[], done: boolean): string {
  const count = (action: Change['action']) => changes.filter((c) => c.action === action).length;
  return `${count('create')} ${done ? 'created' : 'to create'}, ${count('update')} ${done ? 'updated' : 'to update'}, ${count('unchanged')} unchanged\n`;
}

export async function runCatalogueCommand(args: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(CATALOGUE_USAGE);
    return CATALOGUE_EXIT.ok;
  }
  const options = parse(args, env);
  if (typeof options === 'string') {
    io.stderr.write(`tessera: ${options}\n\n${CATALOGUE_USAGE}`);
    return CATALOGUE_EXIT.usage;
  }
  const api = adminApi(options.url, options.token);
  try {
    const file = await readCatalogueFile(options.file, async (frameworkId) => {
      const framework = await api.get(`/admin/frameworks/${encodeURIComponent(frameworkId)}`);
      return framework?.items as { id: string; code: string; name: string; url: string }[] | undefined;
    });
    const changes = await planCatalogue(api, file);
    const conflicts = changes.filter((c) => c.action === 'conflict');
    if (options.plan || conflicts.length) {
      io.stdout.write(`Plan for ${options.file} against ${options.url}:\n${changes.map((c) => line(c, false)).join('')}${tally(changes, false)}`);
      if (conflicts.length) {
        io.stderr.write(`tessera: nothing applied: ${conflicts.length} entr${conflicts.length === 1 ? 'y' : 'ies'} cannot be applied\n`);
        return CATALOGUE_EXIT.refused;
      }
      return CATALOGUE_EXIT.ok;
    }
    io.stdout.write(`Applying ${options.file} to ${options.url}:\n`);
    for (const change of changes) io.stdout.write(line(change, true, change.write ? await change.write() : undefined));
    io.stdout.write(tally(changes, true));
    const waiting = changes.filter((c) => c.awaitsPublication);
    if (waiting.length) {
      io.stdout.write(
        `Drafts waiting for a second person (a qa-manager or admin who did not edit them) to publish:\n${waiting
          .map((c) => `  POST /admin/${c.kind === 'achievement' ? 'achievements' : 'stacks'}/${c.id}/publish\n`)
          .join('')}`,
      );
    }
    return CATALOGUE_EXIT.ok;
  } catch (error) {
    if (error instanceof AdminApiError) {
      io.stderr.write(`tessera: ${error.message}\n`);
      return error.status === 401 ? CATALOGUE_EXIT.usage : CATALOGUE_EXIT.refused;
    }
    const unreachable = error instanceof TypeError && error.message === 'fetch failed';
    io.stderr.write(`tessera: ${unreachable ? `cannot reach ${options.url}` : (error as Error).message}\n`);
    return CATALOGUE_EXIT.usage;
  }
}
