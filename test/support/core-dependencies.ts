// Dependencies for testing a core function against DynamoDB Local with a fixed clock, and Step
// Functions through the real SFN adapter over a mocked SFN client (the one AWS client mocked), so
// tests can assert the exact StartExecution / SendTaskSuccess commands sent.
import { SFNClient } from '@aws-sdk/client-sfn';
import { createSfnWorkflow } from '@tessera/adapters';
import { TesseraError, type Achievement } from '@tessera/core';
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

/** The achievement the core-function tests award (issuer `uni`, no evidence required), with what a
 *  test is about (its QA policy, its reviewers) overridden. */
export function anAchievement(overrides: Partial<Achievement> = {}): Achievement {
  return {
    id: 'data-literacy',
    issuerId: 'uni',
    name: 'Data Literacy',
    description: 'Reads data.',
    criteria: { narrative: 'Pass.' },
    qaPolicy: 'auto',
    reviewerEmails: [],
    evidenceRequirements: { minItems: 0, requireUrl: false },
    ...overrides,
  };
}

/** The typed error a core function refused with; anything else (or no refusal) fails the test. */
export async function refusal(run: Promise<unknown>): Promise<TesseraError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TesseraError)) throw new Error(`expected a TesseraError, got ${String(error)}`);
  return error;
}
