// `npm run test:mutation [-- --mutate <file>]`: Stryker over the security-critical modules. One
// DynamoDB Local serves every Stryker worker (each would otherwise start its own, slowly, on a
// shared machine); the tests' global setup uses it when TESSERA_TEST_DYNAMODB_ENDPOINT is set.
import { spawn } from 'node:child_process';
import { startDynamoDbLocal } from '../packages/local/src/dynamodb-local.ts';
import { TEST_DYNAMODB_ENDPOINT_ENV } from '../test/setup/dynamodb-local.ts';

const dynamodb = await startDynamoDbLocal({ readyTimeoutMs: 120_000 });
try {
  const code = await new Promise<number>((resolve, reject) => {
    const stryker = spawn('npx', ['stryker', 'run', ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, [TEST_DYNAMODB_ENDPOINT_ENV]: dynamodb.endpoint },
    });
    stryker.on('error', reject);
    stryker.on('exit', (status) => resolve(status ?? 1));
  });
  process.exitCode = code;
} finally {
  await dynamodb.stop();
}
