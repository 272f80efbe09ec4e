// Dependencies for testing a core function against DynamoDB Local with a fixed clock, and Step
// Functions through the real SFN adapter over a mocked SFN client (the one AWS client mocked), so
// tests can assert the exact StartExecution / SendTaskSuccess commands sent.
import { SFNClient } from '@aws-sdk/client-sfn';
import { createSfnWorkflow } from '@tessera/adapters';
import { mockClient } from 'aws-sdk-client-mock';
import { createDependencies, type Dependencies } from '../../functions/shared/dependencies.ts';
import { STATE_MACHINE_ARN, awsConfig } from './aws-config.ts';
import { createTestTable } from './dynamodb.ts';

export { STATE_MACHINE_ARN };

export type TestClock = { now(): Date; set(instant: string | Date): void };

export function testClock(start: string): TestClock {
  let current = new Date(start);
  return { now: () => new Date(current), set: (instant) => void (current = new Date(instant)) };
}

export async function coreDependencies(clock: TestClock) {
  const table = await createTestTable();
  const sfn = mockClient(SFNClient);
  const config = awsConfig({ TESSERA_TABLE_NAME: table.tableName });
  const deps: Dependencies = createDependencies(config, {
    store: table.store,
    clock,
    workflow: createSfnWorkflow({ client: new SFNClient({ region: 'eu-west-1' }), stateMachineArn: STATE_MACHINE_ARN }),
  });
  return { deps, sfn, table };
}
