// Vitest global setup: one DynamoDB Local for the whole run, its endpoint given to tests with
// inject('dynamodbEndpoint') and to child processes in TESSERA_TEST_DYNAMODB_ENDPOINT.
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../packages/local/src/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

export const TEST_DYNAMODB_ENDPOINT_ENV = 'TESSERA_TEST_DYNAMODB_ENDPOINT';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // An endpoint given from outside (CI started one already) is used as it is, and left running.
  const given = process.env[TEST_DYNAMODB_ENDPOINT_ENV];
  if (given) {
    project.provide('dynamodbEndpoint', given);
    return async () => {};
  }
  const dynamodb = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  process.env[TEST_DYNAMODB_ENDPOINT_ENV] = dynamodb.endpoint;
  return async () => {
    delete process.env[TEST_DYNAMODB_ENDPOINT_ENV];
    await dynamodb.stop();
  };
}
