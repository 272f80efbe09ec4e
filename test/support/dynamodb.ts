// A fresh, uniquely named table on the run's DynamoDB Local (started by test/setup/dynamodb-local.ts),
// so test files never see each other's items.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbStore, createTable, documentClientOf, type Store } from '@tessera/store';
import { inject } from 'vitest';
import { localDynamoDbClientConfig } from '../../packages/local/src/dynamodb-local.ts';
import { TEST_DYNAMODB_ENDPOINT_ENV } from '../setup/dynamodb-local.ts';

export type TestTable = {
  tableName: string;
  endpoint: string;
  client: DynamoDBDocumentClient;
  store: Store;
};

export async function createTestTable(): Promise<TestTable> {
  const endpoint = inject('dynamodbEndpoint') ?? process.env[TEST_DYNAMODB_ENDPOINT_ENV];
  if (!endpoint) {
    throw new Error(`no DynamoDB Local endpoint: run with vitest.config.ts (its globalSetup starts one) or set ${TEST_DYNAMODB_ENDPOINT_ENV}`);
  }
  const tableName = `tessera-test-${randomUUID()}`;
  const dynamodb = new DynamoDBClient(localDynamoDbClientConfig(endpoint));
  await createTable(dynamodb, tableName);
  const client = documentClientOf(dynamodb);
  return { tableName, endpoint, client, store: createDynamoDbStore({ client, tableName }) };
}
