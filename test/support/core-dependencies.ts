// Dependencies for testing a core function against DynamoDB Local with a fixed clock, and Step
// Functions through the real SFN adapter over a mocked SFN client (the one AWS client mocked), so
// tests can assert the exact StartExecution / SendTaskSuccess commands sent.
import { SFNClient } from '@aws-sdk/client-sfn';
import { createSfnWorkflow } from '@tessera/adapters';
import { loadConfig } from '@tessera/core';
import { mockClient } from 'aws-sdk-client-mock';
import { createDependencies, type Dependencies } from '../../functions/shared/dependencies.ts';
import { createTestTable } from './dynamodb.ts';

export const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:111122223333:stateMachine:tessera-issuance';

export type TestClock = { now(): Date; set(instant: string | Date): void };

export function testClock(start: string): TestClock {
  let current = new Date(start);
  return { now: () => new Date(current), set: (instant) => void (current = new Date(instant)) };
}

export async function coreDependencies(clock: TestClock) {
  const table = await createTestTable();
  const sfn = mockClient(SFNClient);
  const config = loadConfig({
    TESSERA_TABLE_NAME: table.tableName,
    TESSERA_PUBLIC_BASE_URL: 'https://badges.example.edu',
    TESSERA_ADMIN_EMAIL: 'admin@example.edu',
    TESSERA_MAIL_FROM: 'badges@example.edu',
    TESSERA_SIGNER: 'kms',
    TESSERA_KMS_KEY_ID: 'alias/tessera',
    TESSERA_MAILER: 'ses',
    TESSERA_PUBLIC_SITE: 's3',
    TESSERA_PUBLIC_BUCKET: 'tessera-public',
    TESSERA_WORKFLOW: 'sfn',
    TESSERA_ADMIN_AUTH: 'cognito',
    TESSERA_STATE_MACHINE_ARN: STATE_MACHINE_ARN,
  });
  const deps: Dependencies = createDependencies(config, {
    store: table.store,
    clock,
    workflow: createSfnWorkflow({ client: new SFNClient({ region: 'eu-west-1' }), stateMachineArn: STATE_MACHINE_ARN }),
  });
  return { deps, sfn, table };
}
