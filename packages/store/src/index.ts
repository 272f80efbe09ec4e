// @tessera/store: the Store contract, its DynamoDB implementation, the table's shape and keys.
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type { EarnerCredential, Store, SubmissionApproval } from './store.ts';
export { MAX_STACK_COMPONENTS, STACK_STATUSES, StackEntry, StackRule, StackStatus, type StackState, type StackWorkingCopy, type StacksRepository } from './repositories/stacks.ts';
export { createDynamoDbStore, type DynamoDbStoreOptions } from './dynamodb-store.ts';
export { StatusListChangedError, StoredItemInvalidError } from './errors.ts';
export type { TableContext } from './table-context.ts';
export { hashUserToken } from './repositories/users.ts';
export { ConsoleSession, type ConsoleSessionsRepository } from './repositories/console-sessions.ts';
export { ReviewPointer } from './repositories/reviews.ts';
export { TABLE_DEFINITION, createTable } from './table.ts';
export { keys, STORE_ATTRIBUTES, withoutStoreAttributes, type ItemKey } from './keys.ts';

export type DocumentClientOptions = {
  /** DynamoDB Local's URL; unset on AWS. */
  endpoint?: string;
  region?: string;
  credentials?: DynamoDBClientConfig['credentials'];
};

/** A document client whose writes drop undefined fields (optional domain fields are left out,
 *  not rejected by the marshaller). Unset options fall back to the SDK's own defaults. */
export function createDocumentClient(options: DocumentClientOptions = {}): DynamoDBDocumentClient {
  const config = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as DynamoDBClientConfig;
  return documentClientOf(new DynamoDBClient(config));
}

/** The document client the store expects, over a client you already have (say, the one that created the table). */
export function documentClientOf(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
export { executionsRepository as createExecutionJournal, type ExecutionCheckpoint, type ExecutionJournal, type ExecutionRecord } from './repositories/executions.ts';
export { withCatalogCache, type CatalogCacheOptions } from './catalog-cache.ts';
export type { AchievementListing, AchievementsRepository } from './repositories/achievements.ts';
export type { FrameworkSummary, FrameworksRepository, StoredFramework } from './repositories/frameworks.ts';
export type { BulkBatchesRepository } from './repositories/bulk-batches.ts';
