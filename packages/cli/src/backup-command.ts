// `tessera export DIR` and `tessera import DIR [--force]`: which table (--table, TESSERA_TABLE_NAME,
// else "tessera") on which DynamoDB (--endpoint or TESSERA_DYNAMODB_ENDPOINT; --data-dir starts
// DynamoDB Local on a stopped `npm start`'s data folder; neither: AWS with the usual credentials).
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BackupError, exportTable, importTable } from './backup.ts';
import type { Io } from './main.ts';

export const BACKUP_USAGE = `Usage: tessera export DIR [--table NAME] [--endpoint URL | --data-dir DIR]
       tessera import DIR [--table NAME] [--endpoint URL | --data-dir DIR] [--force]

Export writes every item of the table into DIR (a new folder): one JSON-lines file per entity and
manifest.json (counts, schema version, SHA-256 checksums). Import checks the manifest and writes the
items into the table (created if missing); it refuses a table that is not empty unless --force.
  --table NAME     default TESSERA_TABLE_NAME, else "tessera"
  --endpoint URL   a DynamoDB endpoint (default TESSERA_DYNAMODB_ENDPOINT; none: AWS)
  --data-dir DIR   the data folder of a stopped npm start: runs DynamoDB Local on DIR/dynamodb
Private keys are not in the table: copy DATA_DIR/keys by hand (locally); on AWS they stay in KMS.
`;

type BackupCommand = { command: 'export' | 'import'; dir: string; table: string; endpoint?: string; dataDir?: string; force: boolean };

export function parseBackupArgs(args: string[], env: NodeJS.ProcessEnv): BackupCommand | string {
  const [command, ...rest] = args;
  const words: string[] = [];
  const values: Record<string, string> = {};
  let force = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--force') force = true;
    else if (['--table', '--endpoint', '--data-dir'].includes(arg)) {
      const value = rest[++i];
      if (!value || value.startsWith('-')) return `${arg} needs a value`;
      values[arg] = value;
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else words.push(arg);
  }
  if (words.length !== 1) return `${command} needs one DIR`;
  if (force && command !== 'import') return '--force is for import only';
  if (values['--endpoint'] && values['--data-dir']) return 'give --endpoint or --data-dir, not both';
  return {
    command: command as 'export' | 'import',
    dir: resolve(words[0]!),
    table: values['--table'] ?? (env.TESSERA_TABLE_NAME || 'tessera'),
    endpoint: values['--endpoint'] ?? (values['--data-dir'] ? undefined : env.TESSERA_DYNAMODB_ENDPOINT || undefined),
    dataDir: values['--data-dir'] && resolve(values['--data-dir']),
    force,
  };
}

export async function runBackupCommand(args: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(BACKUP_USAGE);
    return 0;
  }
  const command = parseBackupArgs(args, env);
  if (typeof command === 'string') {
    io.stderr.write(`tessera: ${command}\n\n${BACKUP_USAGE}`);
    return 2;
  }
  const local = await import('@tessera/local');
  const dynamodbLocal = command.dataDir ? await local.startDynamoDbLocal({ inMemory: false, dataDir: join(command.dataDir, 'dynamodb'), readyTimeoutMs: 120_000 }) : undefined;
  const endpoint = dynamodbLocal?.endpoint ?? command.endpoint;
  const client = new DynamoDBClient(endpoint ? local.localDynamoDbClientConfig(endpoint) : {});
  try {
    if (command.command === 'export') {
      const manifest = await exportTable(client, command.table, command.dir);
      const counts = Object.entries(manifest.entities).map(([entity, { count }]) => `${entity} ${count}`);
      io.stdout.write(`Exported table ${command.table} into ${command.dir}: ${counts.join(', ')}\n`);
      if (command.dataDir) io.stdout.write(`Not in the export: the signing keys. Copy ${join(command.dataDir, 'keys')} by hand.\n`);
    } else {
      const manifest = await importTable(client, command.table, command.dir, { force: command.force });
      const total = Object.values(manifest.entities).reduce((n, e) => n + e.count, 0);
      io.stdout.write(`Imported ${total} items (exported ${manifest.exportedAt} from ${manifest.tableName}) into table ${command.table}\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    io.stderr.write(`tessera: ${error.message}\n`);
    return 1;
  } finally {
    client.destroy();
    await dynamodbLocal?.stop();
  }
}
