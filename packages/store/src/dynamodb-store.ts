// The Store over one DynamoDB table: plain gets and puts for configuration items, condition
// expressions and transactions for every state change (see store.ts for the semantics).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  ConflictError,
  GoneError,
  NotFoundError,
  STATUS_LIST_SIZE,
  ValidationError,
  type Achievement,
  type AuditEvent,
  type CredentialRecord,
  type CredentialStatus,
  type StatusList,
  type StatusPurpose,
  type Issuer,
  type IssuerKey,
  type Review,
  type ReviewDecision,
  type Submission,
  type SubmissionStatus,
  type WebhookSource,
} from '@tessera/core';
import { keys, withoutStoreAttributes, type ItemKey } from './keys.ts';
import type { Store } from './store.ts';
import { TABLE_DEFINITION } from './table.ts';
import { refusedAt, writeTransaction } from './transactions.ts';
import { listOpenSubmissions, openSubmissionAttributes, openSubmissionUpdate } from './open-submissions.ts';

export type DynamoDbStoreOptions = {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Indexes per status list; smaller only in tests that fill a list. @default STATUS_LIST_SIZE */
  statusListSize?: number;
};

/** A status list changed between reading it and writing a bit of it: read it again and retry. */
export class StatusListChangedError extends ConflictError {}

/** An expired review link keeps answering 410 (rather than 404) for this long before DynamoDB may delete it. */
const REVIEW_PURGE_GRACE_SECONDS = 24 * 3600;

const isNew = 'attribute_not_exists(pk)';

export function createDynamoDbStore({ client, tableName, statusListSize = STATUS_LIST_SIZE }: DynamoDbStoreOptions): Store {
  const TableName = tableName;
  /** Which status list each issuer and purpose allocates from, as last seen by this process. */
  const currentLists = new Map<string, number>();

  async function getItem(key: ItemKey): Promise<Record<string, unknown> | undefined> {
    // Consistent reads: the workflow reads what the previous step has just written.
    const { Item } = await client.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
    return Item ? withoutStoreAttributes(Item) : undefined;
  }

  async function putItem(key: ItemKey, entity: string, value: object): Promise<void> {
    await client.send(new PutCommand({ TableName, Item: { ...value, ...key, entity } }));
  }

  const getSubmission = async (id: string) => (await getItem(keys.submission(id))) as Submission | undefined;
  const getReview = async (secretHash: string) => (await getItem(keys.review(secretHash))) as Review | undefined;

  async function getCredential(id: string): Promise<CredentialRecord | undefined> {
    const item = await getItem(keys.credential(id));
    return item && fromCredentialItem(item);
  }

  async function getCredentialBySubmission(submissionId: string): Promise<CredentialRecord | undefined> {
    const pointer = await getItem(keys.credentialOfSubmission(submissionId));
    return typeof pointer?.credentialId === 'string' ? getCredential(pointer.credentialId) : undefined;
  }

  return {
    issuers: {
      get: async (id) => (await getItem(keys.issuer(id))) as Issuer | undefined,
      put: (issuer) => putItem(keys.issuer(issuer.id), 'Issuer', issuer),
    },
    achievements: {
      get: async (id) => (await getItem(keys.achievement(id))) as Achievement | undefined,
      put: (achievement) => putItem(keys.achievement(achievement.id), 'Achievement', achievement),
    },
    webhookSources: {
      get: async (id) => (await getItem(keys.webhookSource(id))) as WebhookSource | undefined,
      put: (source) => putItem(keys.webhookSource(source.id), 'WebhookSource', source),
    },

    submissions: {
      async create(submission) {
        const eventKey = keys.sourceEvent(submission.sourceId, submission.eventId);
        const result = await writeTransaction(client, [
          {
            Put: {
              TableName,
              Item: {
                ...eventKey,
                entity: 'SourceEvent',
                sourceId: submission.sourceId,
                eventId: submission.eventId,
                submissionId: submission.id,
                receivedAt: submission.receivedAt,
              },
              ConditionExpression: isNew,
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          {
            Put: {
              TableName,
              Item: { ...submission, ...keys.submission(submission.id), ...openSubmissionAttributes(submission), entity: 'Submission' },
              ConditionExpression: isNew,
            },
          },
        ]);
        if (result.committed) return { submission, created: true };

        const { reasons, error } = result;
        if (refusedAt(reasons, 0)) {
          const storedId = reasons[0]?.item?.submissionId?.S ?? (await getItem(eventKey))?.submissionId;
          const stored = typeof storedId === 'string' ? await getSubmission(storedId) : undefined;
          if (!stored) throw new ConflictError(`event ${submission.eventId} of ${submission.sourceId} was received, but its submission is missing`, error);
          return { submission: stored, created: false };
        }
        if (refusedAt(reasons, 1)) throw new ConflictError(`submission ${submission.id} already exists for another event`, error);
        throw error;
      },

      get: getSubmission,

      listOpen: (options) => listOpenSubmissions(client, TableName, options),

      async transition(id, from, to, { at, note, patch = {} }) {
        // Leaving `to` for `to` would append a second audit event: that is the idempotent case instead.
        const sources = from.filter((status) => status !== to);
        if (sources.length === 0) return explainRefusal(id, from, to, (await getSubmission(id))?.status);

        const event: AuditEvent = note === undefined ? { at, status: to } : { at, status: to, note };
        const names: Record<string, string> = { '#status': 'status', '#history': 'history' };
        const values: Record<string, unknown> = { ':to': to, ':event': [event], ':none': [] };
        const sets = ['#status = :to', '#history = list_append(if_not_exists(#history, :none), :event)'];
        Object.entries(patch).forEach(([field, value], i) => {
          if (value === undefined) return;
          names[`#p${i}`] = field;
          values[`:p${i}`] = value;
          sets.push(`#p${i} = :p${i}`);
        });
        sources.forEach((status, i) => (values[`:from${i}`] = status));

        try {
          const { Attributes } = await client.send(
            new UpdateCommand({
              TableName,
              Key: keys.submission(id),
              UpdateExpression: [`SET ${sets.join(', ')}`, openSubmissionUpdate(to)].filter(Boolean).join(' '),
              ConditionExpression: `attribute_exists(pk) AND #status IN (${sources.map((_, i) => `:from${i}`).join(', ')})`,
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
              ReturnValues: 'ALL_NEW',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            }),
          );
          return withoutStoreAttributes(Attributes ?? {}) as Submission;
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
          const current = error.Item ? (error.Item.status?.S as SubmissionStatus | undefined) : undefined;
          return explainRefusal(id, from, to, current, error);
        }
      },
    },

    reviews: {
      async create(review) {
        const expiresAtMs = Date.parse(review.expiresAt);
        if (Number.isNaN(expiresAtMs)) throw new ValidationError(`review expiresAt is not a date: ${review.expiresAt}`);
        try {
          await client.send(
            new PutCommand({
              TableName,
              Item: {
                ...review,
                ...keys.review(review.secretHash),
                entity: 'Review',
                expiresAtMs,
                [TABLE_DEFINITION.timeToLiveAttribute]: Math.ceil(expiresAtMs / 1000) + REVIEW_PURGE_GRACE_SECONDS,
              },
              // A retried workflow step may store its pending review again (with a new task token);
              // nothing may overwrite a decided review or another submission's.
              ConditionExpression: `${isNew} OR (#submissionId = :submissionId AND attribute_not_exists(#decision))`,
              ExpressionAttributeNames: { '#submissionId': 'submissionId', '#decision': 'decision' },
              ExpressionAttributeValues: { ':submissionId': review.submissionId },
            }),
          );
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) throw new ConflictError('a review with this secret already exists', error);
          throw error;
        }
      },

      getBySecretHash: getReview,

      async decide(secretHash, decision) {
        const review = await getReview(secretHash);
        assertDecidable(review, decision);

        const result = await writeTransaction(client, [
          {
            Update: {
              TableName,
              Key: keys.review(secretHash),
              UpdateExpression: 'SET #decision = :decision',
              ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(#decision) AND expiresAtMs > :decidedAtMs`,
              ExpressionAttributeNames: { '#decision': 'decision' },
              ExpressionAttributeValues: { ':decision': decision, ':decidedAtMs': Date.parse(decision.decidedAt) },
            },
          },
          {
            Update: {
              TableName,
              Key: keys.submission(review.submissionId),
              UpdateExpression: 'SET #review = :decision',
              ConditionExpression: '#status = :inReview',
              ExpressionAttributeNames: { '#review': 'review', '#status': 'status' },
              ExpressionAttributeValues: { ':decision': decision, ':inReview': 'IN_REVIEW' satisfies SubmissionStatus },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ]);
        if (result.committed) return { ...review, decision };

        const { reasons, error } = result;
        if (refusedAt(reasons, 1)) {
          const status = reasons[1]?.item?.status?.S;
          throw new ConflictError(
            status ? `the submission is ${status}: it is no longer in review` : 'the submission of this review does not exist',
            error,
          );
        }
        // Someone decided (or the link expired) between our read and our write: say which.
        assertDecidable(await getReview(secretHash), decision, error);
        throw error;
      },
    },

    issuerKeys: {
      async record(key) {
        const itemKey = keys.issuerKey(key.did, key.publicKeyMultibase);
        try {
          await client.send(new PutCommand({ TableName, Item: { ...key, ...itemKey, entity: 'IssuerKey' }, ConditionExpression: isNew }));
          return { key, created: true };
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
          return { key: (await getItem(itemKey)) as IssuerKey, created: false };
        }
      },

      async list(did) {
        const { pk, skPrefix } = keys.issuerKeysOf(did);
        const found: IssuerKey[] = [];
        let ExclusiveStartKey: Record<string, unknown> | undefined;
        do {
          const page = await client.send(
            new QueryCommand({
              TableName,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
              ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
              ConsistentRead: true,
              ExclusiveStartKey,
            }),
          );
          found.push(...(page.Items ?? []).map((item) => withoutStoreAttributes(item) as IssuerKey));
          ExclusiveStartKey = page.LastEvaluatedKey;
        } while (ExclusiveStartKey);
        return found.sort((a, b) => a.firstUsedAt.localeCompare(b.firstUsedAt));
      },

      async markCompromised(did, publicKeyMultibase, at) {
        try {
          const { Attributes } = await client.send(
            new UpdateCommand({
              TableName,
              Key: keys.issuerKey(did, publicKeyMultibase),
              UpdateExpression: 'SET compromisedAt = if_not_exists(compromisedAt, :at)',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':at': at },
              ReturnValues: 'ALL_NEW',
            }),
          );
          return withoutStoreAttributes(Attributes ?? {}) as IssuerKey;
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) throw new NotFoundError(`${did} has no key ${publicKeyMultibase}`, error);
          throw error;
        }
      },
    },

    credentials: {
      async putOnce(record) {
        const pointerKey = keys.credentialOfSubmission(record.submissionId);
        const result = await writeTransaction(client, [
          {
            Put: {
              TableName,
              Item: toCredentialItem(record),
              ConditionExpression: isNew,
            },
          },
          {
            Put: {
              TableName,
              Item: { ...pointerKey, entity: 'CredentialOfSubmission', credentialId: record.id },
              ConditionExpression: isNew,
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ]);
        if (result.committed) return { record, created: true };

        const { reasons, error } = result;
        if (refusedAt(reasons, 1)) {
          const storedId = reasons[1]?.item?.credentialId?.S ?? (await getItem(pointerKey))?.credentialId;
          const stored = typeof storedId === 'string' ? await getCredential(storedId) : undefined;
          if (!stored) throw new ConflictError(`submission ${record.submissionId} has a credential pointer but no credential`, error);
          return { record: stored, created: false };
        }
        if (refusedAt(reasons, 0)) throw new ConflictError(`credential ${record.id} already exists for another submission`, error);
        throw error;
      },

      get: getCredential,
      getBySubmission: getCredentialBySubmission,

      async changeStatus(id, { from, to, change, list }) {
        const sources = from.filter((status) => status !== to);
        if (sources.length === 0) {
          const record = await getCredential(id);
          if (!record) throw new NotFoundError(`credential ${id} not found`);
          if (record.status === to) return record;
          throw new ConflictError(`credential ${id} is ${record.status ?? 'without a status'}; it can become ${to} only from ${from.join(' or ') || 'nowhere'}`);
        }
        const listKey = keys.statusList(list.issuerId, list.purpose, list.listNumber);
        const result = await writeTransaction(client, [
          {
            Update: {
              TableName,
              Key: keys.credential(id),
              UpdateExpression: 'SET #status = :to, #history = list_append(if_not_exists(#history, :none), :change)',
              ConditionExpression: `attribute_exists(pk) AND #status IN (${sources.map((_, i) => `:from${i}`).join(', ')})`,
              ExpressionAttributeNames: { '#status': 'status', '#history': 'statusHistory' },
              ExpressionAttributeValues: {
                ':to': to,
                ':change': [change],
                ':none': [],
                ...Object.fromEntries(sources.map((status, i) => [`:from${i}`, status])),
              },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          {
            Update: {
              TableName,
              Key: listKey,
              UpdateExpression: 'SET #encodedList = :encodedList, #version = :next',
              // Optimistic concurrency: the bits were computed from this version of the list.
              ConditionExpression: `attribute_exists(pk) AND ${list.version === 0 ? 'attribute_not_exists(#version)' : '#version = :version'}`,
              ExpressionAttributeNames: { '#encodedList': 'encodedList', '#version': 'version' },
              ExpressionAttributeValues: {
                ':encodedList': list.encodedList,
                ':next': list.version + 1,
                ...(list.version === 0 ? {} : { ':version': list.version }),
              },
            },
          },
        ]);
        if (result.committed) return (await getCredential(id))!;

        const { reasons, error } = result;
        if (refusedAt(reasons, 0)) {
          const current = reasons[0]?.item?.status?.S as CredentialStatus | undefined;
          if (!reasons[0]?.item) throw new NotFoundError(`credential ${id} not found`, error);
          if (current === to) return (await getCredential(id))!;
          throw new ConflictError(`credential ${id} is ${current ?? 'without a status'}; it can become ${to} only from ${from.join(' or ')}`, error);
        }
        if (refusedAt(reasons, 1)) throw new StatusListChangedError(`status list ${list.purpose} ${list.listNumber} of ${list.issuerId} changed meanwhile`, error);
        throw error;
      },
    },

    statusLists: {
      async allocate(issuerId, purpose) {
        // Each round either takes an index or sees the current list full and moves on to the next.
        // The current list number is remembered: the pointer only ever moves past a full list, so
        // a stale number costs one refused update (then a read), never a wrong index.
        const cacheKey = `${issuerId}\u0000${purpose}`;
        let known = currentLists.get(cacheKey);
        for (;;) {
          let listNumber = known;
          if (listNumber === undefined) {
            const current = await getItem(keys.currentStatusList(issuerId, purpose));
            listNumber = typeof current?.listNumber === 'number' ? current.listNumber : 1;
          }
          known = undefined;
          try {
            const { Attributes } = await client.send(
              new UpdateCommand({
                TableName,
                Key: keys.statusList(issuerId, purpose, listNumber),
                UpdateExpression: 'ADD #next :one SET #entity = :entity, #issuerId = :issuerId, #purpose = :purpose, #listNumber = :listNumber',
                ConditionExpression: 'attribute_not_exists(#next) OR #next < :size',
                ExpressionAttributeNames: { '#next': 'nextIndex', '#entity': 'entity', '#issuerId': 'issuerId', '#purpose': 'purpose', '#listNumber': 'listNumber' },
                ExpressionAttributeValues: { ':one': 1, ':size': statusListSize, ':entity': 'StatusList', ':issuerId': issuerId, ':purpose': purpose, ':listNumber': listNumber },
                ReturnValues: 'UPDATED_NEW',
              }),
            );
            currentLists.set(cacheKey, listNumber);
            return { purpose, listNumber, index: Number(Attributes?.nextIndex) - 1 };
          } catch (error) {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          }
          // Full. Only the first caller to see it moves the pointer; the others find it moved.
          try {
            await client.send(
              new PutCommand({
                TableName,
                Item: { ...keys.currentStatusList(issuerId, purpose), entity: 'CurrentStatusList', listNumber: listNumber + 1 },
                ConditionExpression: 'attribute_not_exists(pk) OR listNumber = :listNumber',
                ExpressionAttributeValues: { ':listNumber': listNumber },
              }),
            );
          } catch (error) {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          }
        }
      },

      async get(issuerId: string, purpose: StatusPurpose, listNumber: number) {
        const item = await getItem(keys.statusList(issuerId, purpose, listNumber));
        return item && ({ ...item, version: typeof item.version === 'number' ? item.version : 0 } as StatusList);
      },

      async markPublished(issuerId, purpose, listNumber, version) {
        try {
          await client.send(
            new UpdateCommand({
              TableName,
              Key: keys.statusList(issuerId, purpose, listNumber),
              UpdateExpression: 'SET publishedVersion = :version',
              ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(publishedVersion) OR publishedVersion < :version)',
              ExpressionAttributeValues: { ':version': version },
            }),
          );
        } catch (error) {
          // Someone already marked this version or a newer one: nothing to do.
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      },
    },
  };

  /** Why a transition did not happen, or the submission itself when it already had happened. */
  async function explainRefusal(
    id: string,
    from: readonly SubmissionStatus[],
    to: SubmissionStatus,
    current: SubmissionStatus | undefined,
    cause?: unknown,
  ): Promise<Submission> {
    if (current === undefined) throw new NotFoundError(`submission ${id} not found`, cause);
    if (current === to) {
      // Rare (a retried step): one more read for the whole item beats re-parsing raw attribute values.
      const submission = await getSubmission(id);
      if (submission?.status === to) return submission;
      return explainRefusal(id, from, to, submission?.status, cause);
    }
    throw new ConflictError(`submission ${id} is ${current}; it can move to ${to} only from ${from.join(' or ') || 'nowhere'}`, cause);
  }
}

/** Throws the error a decision on this review gets: unknown, already decided, or too late. */
function assertDecidable(review: Review | undefined, decision: ReviewDecision, cause?: unknown): asserts review is Review {
  if (!review) throw new NotFoundError('review not found', cause);
  if (review.decision) throw new ConflictError('this review has already been decided', cause);
  if (Date.parse(review.expiresAt) <= Date.parse(decision.decidedAt)) throw new GoneError('this review link has expired', cause);
}

// The signed credential is kept as the exact JSON text: DynamoDB maps do not keep key order,
// and the public artefact should read the same every time it is served.
function toCredentialItem(record: CredentialRecord): Record<string, unknown> {
  const { credential, ...rest } = record;
  return {
    ...rest,
    credentialJson: JSON.stringify(credential),
    ...keys.credential(record.id),
    ...keys.credentialByRecipient(record.recipientHash, record.issuedAt, record.id),
    entity: 'Credential',
  };
}

function fromCredentialItem(item: Record<string, unknown>): CredentialRecord {
  const { credentialJson, ...rest } = item;
  return { ...rest, credential: JSON.parse(String(credentialJson)) } as CredentialRecord;
}
