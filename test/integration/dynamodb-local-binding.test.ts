// DynamoDB Local has no authentication: it must answer on the loopback address only, never on
// an address another machine can reach. Connects (TCP only, nothing sent) to this machine's own
// non-loopback addresses; on a machine without one, reads the listening socket from `ss -ltn`.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { localDynamoDbClientConfig, startDynamoDbLocal } from '../../packages/local/src/dynamodb-local.ts';

/** 'open' when something accepts a TCP connection there, 'refused' otherwise. */
function probe(host: string, port: number): Promise<'open' | 'refused'> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve('open')));
    socket.once('error', () => resolve('refused'));
    socket.once('timeout', () => (socket.destroy(), resolve('refused')));
  });
}

const ownAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a !== undefined && !a.internal && !a.address.startsWith('fe80:'))
  .map((a) => a!.address);

describe('DynamoDB Local (as started by npm start and the tests)', () => {
  const port = Number(new URL(inject('dynamodbEndpoint')).port);

  it('answers on 127.0.0.1', async () => {
    expect(await probe('127.0.0.1', port)).toBe('open');
  });

  it.runIf(ownAddresses.length > 0)("does not answer on this machine's other addresses", async () => {
    const outcomes = await Promise.all(ownAddresses.map(async (address) => [address, await probe(address, port)]));
    expect(Object.fromEntries(outcomes)).toEqual(Object.fromEntries(ownAddresses.map((a) => [a, 'refused'])));
  });

  it.runIf(ownAddresses.length === 0)('listens on the loopback address only (ss -ltn)', () => {
    const listening = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' });
    const locals = listening
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/)[3]);
    expect(locals.length).toBeGreaterThan(0);
    for (const local of locals) expect(local).toMatch(/^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]|\[::1\]):\d+$/);
  });
});

describe('DynamoDB Local with a database file (npm start)', () => {
  it('keeps its folder 0700 and its files 0600', async () => {
    // Prepare
    const parent = await mkdtemp(join(tmpdir(), 'tessera-ddb-'));
    const dataDir = join(parent, 'dynamodb');
    const dynamodb = await startDynamoDbLocal({ inMemory: false, dataDir });
    const client = new DynamoDBClient(localDynamoDbClientConfig(dynamodb.endpoint));
    try {
      // Act: a table, so the database has something to write.
      await client.send(
        new CreateTableCommand({
          TableName: 'modes',
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        }),
      );

      // Assess
      const files = await readdir(dataDir);
      expect(files.length).toBeGreaterThan(0);
      expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
      for (const file of files) expect([file, (await stat(join(dataDir, file))).mode & 0o777]).toEqual([file, 0o600]);
    } finally {
      client.destroy();
      await dynamodb.stop();
      await rm(parent, { recursive: true, force: true });
    }
  }, 120_000);
});
