// The shape of the one Tessera table, shared by infra (CDK reads TABLE_DEFINITION) and by
// createTable, which makes it on DynamoDB Local and in tests.
import { CreateTableCommand, ResourceInUseException, UpdateTimeToLiveCommand, waitUntilTableExists, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Every key attribute is a string. */
  keyType: 'S',
  globalSecondaryIndexes: [
    /** Credentials of a recipient (see keys.ts). */
    { indexName: 'GSI1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' },
  ],
  /** Epoch seconds after which DynamoDB may delete the item (reviews). */
  timeToLiveAttribute: 'purgeAt',
  billingMode: 'PAY_PER_REQUEST',
} as const;

/** Creates the table and waits until it is ACTIVE; a table that already exists is left alone. */
export async function createTable(client: DynamoDBClient, tableName: string, options: { maxWaitSeconds?: number } = {}): Promise<void> {
  const { partitionKey, sortKey, keyType, globalSecondaryIndexes, billingMode } = TABLE_DEFINITION;
  const attributeNames = [partitionKey, sortKey, ...globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  let created = true;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: billingMode,
        AttributeDefinitions: attributeNames.map((name) => ({ AttributeName: name, AttributeType: keyType })),
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: index.projection },
        })),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    created = false; // it exists (or is being created by someone else): wait for it, change nothing
  }
  await waitUntilTableExists({ client, minDelay: 1, maxWaitTime: options.maxWaitSeconds ?? 120 }, { TableName: tableName });
  if (!created) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.timeToLiveAttribute, Enabled: true },
    }),
  );
}
