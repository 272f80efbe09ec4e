// The Store over one DynamoDB table: one repository per file in repositories/, each over the same
// table context (see store.ts for the semantics, keys.ts for every key).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { STATUS_LIST_SIZE } from '@tessera/core';
import { bulkBatchesRepository } from './repositories/bulk-batches.ts';
import { auditLogRepository } from './repositories/audit-log.ts';
import { usersRepository } from './repositories/users.ts';
import { achievementsRepository } from './repositories/achievements.ts';
import { frameworksRepository } from './repositories/frameworks.ts';
import { credentialsRepository } from './repositories/credentials.ts';
import { issuerKeysRepository } from './repositories/issuer-keys.ts';
import { issuersRepository } from './repositories/issuers.ts';
import { reviewsRepository } from './repositories/reviews.ts';
import { consoleSessionsRepository } from './repositories/console-sessions.ts';
import { earnerSessionsRepository } from './repositories/earner-sessions.ts';
import { statusListsRepository } from './repositories/status-lists.ts';
import { stacksRepository } from './repositories/stacks.ts';
import { submissionsRepository } from './repositories/submissions.ts';
import { webhookSourcesRepository } from './repositories/webhook-sources.ts';
import { deliveriesRepository } from './repositories/deliveries.ts';
import { learnersRepository } from './repositories/learners.ts';
import type { Store } from './store.ts';

export { StatusListChangedError } from './errors.ts';

export type DynamoDbStoreOptions = {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Indexes per status list; smaller only in tests that fill a list. @default STATUS_LIST_SIZE */
  statusListSize?: number;
};

export function createDynamoDbStore({ client, tableName, statusListSize = STATUS_LIST_SIZE }: DynamoDbStoreOptions): Store {
  const table = { client, tableName };
  return {
    issuers: issuersRepository(table),
    achievements: achievementsRepository(table),
    frameworks: frameworksRepository(table),
    webhookSources: webhookSourcesRepository(table),
    deliveries: deliveriesRepository(table),
    learners: learnersRepository(table),
    stacks: stacksRepository(table),
    users: usersRepository(table),
    audit: auditLogRepository(table),
    submissions: submissionsRepository(table),
    reviews: reviewsRepository(table),
    consoleSessions: consoleSessionsRepository(table),
    earnerSessions: earnerSessionsRepository(table),
    issuerKeys: issuerKeysRepository(table),
    credentials: credentialsRepository(table),
    statusLists: statusListsRepository(table, statusListSize),
    bulkBatches: bulkBatchesRepository(table),
  };
}
