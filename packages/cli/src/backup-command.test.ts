import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { parseBackupArgs } from './backup-command.ts';

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } });
  return { code, out, err };
}

describe('tessera export / import: arguments', () => {
  it('takes the table and endpoint from options, else from the environment, else "tessera" on AWS', () => {
    expect(parseBackupArgs(['export', 'out', '--table', 't1', '--endpoint', 'http://127.0.0.1:8000'], {})).toMatchObject({
      command: 'export',
      table: 't1',
      endpoint: 'http://127.0.0.1:8000',
      force: false,
    });
    expect(parseBackupArgs(['import', 'out', '--force'], { TESSERA_TABLE_NAME: 'env-table', TESSERA_DYNAMODB_ENDPOINT: 'http://localhost:9' })).toMatchObject({
      table: 'env-table',
      endpoint: 'http://localhost:9',
      force: true,
    });
    expect(parseBackupArgs(['export', 'out'], {})).toMatchObject({ table: 'tessera', endpoint: undefined });
    expect(parseBackupArgs(['export', 'out', '--data-dir', '.data'], { TESSERA_DYNAMODB_ENDPOINT: 'http://localhost:9' })).toMatchObject({
      endpoint: undefined,
      dataDir: expect.stringMatching(/\.data$/),
    });
  });

  it('names what is wrong, with the usage, exit 2, and touches no table', async () => {
    for (const [args, message] of [
      [['export'], 'export needs one DIR'],
      [['import', 'a', 'b'], 'import needs one DIR'],
      [['export', 'a', '--force'], '--force is for import only'],
      [['export', 'a', '--table'], '--table needs a value'],
      [['import', 'a', '--endpoint', 'http://x', '--data-dir', 'd'], 'give --endpoint or --data-dir, not both'],
      [['export', 'a', '--bogus'], 'unknown option --bogus'],
    ] as const) {
      const result = await run(...args);
      expect(result.code).toBe(2);
      expect(result.err).toContain(`tessera: ${message}`);
      expect(result.err).toContain('Usage: tessera export DIR');
    }
    expect(await run('import', '--help')).toMatchObject({ code: 0, out: expect.stringContaining('copy DATA_DIR/keys by hand') });
  });
});
