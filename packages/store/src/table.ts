// The shape of the one Tessera table, shared by infra (CDK reads TABLE_DEFINITION) and by
// createTable, which makes it on DynamoDB Local and in tests.
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';

export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Every key attribute is a string. */
  keyType: 'S',
  globalSecondaryIndexes: [
    /** Credentials of a recipient (see keys.ts). */
    { indexName: 'GSI1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' },
    /** Submissions of an achievement by time of receipt, for the reports (see keys.ts). */
    { indexName: 'GSI2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'ALL' },
  ],
  /** Epoch seconds after which DynamoDB may delete the item (reviews). */
  timeToLiveAttribute: 'purgeAt',
  billingMode: 'PAY_PER_REQUEST',
} as const;

/** Creates the table and waits until it is ACTIVE. A table that already exists keeps its items; an
 *  index TABLE_DEFINITION has gained since it was made is added to it (as a deploy adds it on AWS). */
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
        GlobalSecondaryIndexes: globalSecondaryIndexes.map(indexSpec),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    created = false; // it exists (or is being created by someone else): wait for it, change nothing
  }
  await waitUntilTableExists({ client, minDelay: 1, maxWaitTime: options.maxWaitSeconds ?? 120 }, { TableName: tableName });
  if (!created) {
    await addMissingIndexes(client, tableName, options.maxWaitSeconds ?? 120);
    return;
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.timeToLiveAttribute, Enabled: true },
    }),
  );
}

type IndexDefinition = (typeof TABLE_DEFINITION.globalSecondaryIndexes)[number];

const indexSpec = (index: IndexDefinition) => ({
  IndexName: index.indexName,
  KeySchema: [
    { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: index.projection },
});

/** A table made by an older Tessera (a kept `.data/`) lacks the indexes added since: add each one,
 *  one at a time as DynamoDB requires, and wait until it can be queried. */
async function addMissingIndexes(client: DynamoDBClient, tableName: string, maxWaitSeconds: number): Promise<void> {
  const deadline = Date.now() + maxWaitSeconds * 1000;
  for (const index of TABLE_DEFINITION.globalSecondaryIndexes) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.GlobalSecondaryIndexes?.some((existing) => existing.IndexName === index.indexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((name) => ({ AttributeName: name, AttributeType: TABLE_DEFINITION.keyType })),
        GlobalSecondaryIndexUpdates: [{ Create: indexSpec(index) }],
      }),
    );
    for (;;) {
      const { Table: now } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (now?.GlobalSecondaryIndexes?.find((existing) => existing.IndexName === index.indexName)?.IndexStatus === 'ACTIVE') break;
      if (Date.now() > deadline) throw new Error(`index ${index.indexName} of table ${tableName} is not ACTIVE after ${maxWaitSeconds} s`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
