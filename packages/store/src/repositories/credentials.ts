// Credentials: stored once per submission (a pointer in the submission's collection makes the first
// release win), and moved through the credential state machine (CREDENTIAL_TRANSITIONS) together
// with their bit in the issuer's status list, in one transaction.
// The signed credential is kept as its exact JSON text: DynamoDB maps do not keep key order, and
// the public artefact should read the same every time it is served.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { earnerHash } from '@tessera/catalogue/stacks';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CREDENTIAL_TRANSITIONS, ConflictError, CredentialRecord, CredentialStatus, NotFoundError, Submission } from '@tessera/core';
import { StatusListChangedError } from '../errors.ts';
import { keys, type ItemKey } from '../keys.ts';
import type { Store } from '../store.ts';
import { getRawItem, getRecord, isNew, parseStored, queryRecords, type TableContext } from '../table-context.ts';
import { writeTransaction } from '../transactions.ts';
import { approvalUpdate } from './submissions.ts';

/** A credential as its item holds it: the signed credential as JSON text that parses to an object. */
const CredentialItem = CredentialRecord.omit({ credential: true }).extend({
  credentialJson: z.string().transform((text, ctx) => {
    try {
      return CredentialRecord.shape.credential.parse(JSON.parse(text));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not the JSON of a credential object' });
      return z.NEVER;
    }
  }),
});

/** The pointer from a submission to its credential. */
const CredentialOfSubmission = z.object({ credentialId: z.string().min(1) });
const StoredStatus = z.object({ status: CredentialStatus.optional() });

/** A credential in its earner's collection: enough to list it; its status stays on the credential. */
const EarnerCredentialItem = z.object({
  credentialId: z.string().min(1),
  submissionId: z.string().min(1),
  achievementId: z.string().min(1),
  issuedAt: z.string().min(1),
  credentialUrl: z.string().min(1),
});

function toEarnerCredentialItem(record: CredentialRecord, earnerEmail: string): Record<string, unknown> {
  return {
    ...keys.earnerCredential(earnerHash(earnerEmail), record.issuedAt, record.id),
    entity: 'EarnerCredential',
    credentialId: record.id,
    submissionId: record.submissionId,
    achievementId: record.achievementId,
    issuedAt: record.issuedAt,
    credentialUrl: record.url,
  };
}

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

export function credentialsRepository(table: TableContext): Store['credentials'] {
  const { client, tableName: TableName } = table;

  async function get(id: string): Promise<CredentialRecord | undefined> {
    const key = keys.credential(id);
    const item = await getRawItem(table, key);
    if (!item) return undefined;
    const { credentialJson, ...rest } = parseStored(CredentialItem, 'Credential', key, item);
    return { ...rest, credential: credentialJson };
  }

  async function pointedTo(pointerKey: ItemKey, item: Record<string, unknown> | undefined): Promise<CredentialRecord | undefined> {
    const pointer = item ?? (await getRawItem(table, pointerKey));
    return pointer && get(parseStored(CredentialOfSubmission, 'CredentialOfSubmission', pointerKey, pointer).credentialId);
  }

  /** A refused change: already done (idempotent), not allowed from the current status, or no such credential. */
  async function explainRefusal(id: string, to: CredentialStatus, current: CredentialStatus | undefined, cause?: unknown): Promise<CredentialRecord> {
    if (current === to) return (await get(id))!;
    const from = CREDENTIAL_TRANSITIONS.allowedPredecessors(to);
    throw new ConflictError(`credential ${id} is ${current ?? 'without a status'}; it can become ${to} only from ${from.join(' or ') || 'nowhere'}`, cause);
  }

  return {
    async putOnce(record, { earnerEmail, approval }) {
      const pointerKey = keys.credentialOfSubmission(record.submissionId);
      const submissionKey = keys.submission(record.submissionId);
      const result = await writeTransaction(table, {
        credential: { Put: { TableName, Item: toCredentialItem(record), ConditionExpression: isNew } },
        // In the same transaction, so a credential is never out of its earner's list.
        earner: { Put: { TableName, Item: toEarnerCredentialItem(record, earnerEmail), ConditionExpression: isNew } },
        pointer: {
          Put: {
            TableName,
            Item: { ...pointerKey, entity: 'CredentialOfSubmission', credentialId: record.id },
            ConditionExpression: isNew,
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        // The approval rides in the same write: no credential without an approved submission, and no
        // approved submission left without its credential by a crash between two writes.
        approval: approval && approvalUpdate(TableName, record.submissionId, approval),
      });
      if (result.committed) return { record, created: true };

      const { refused, error } = result;
      // Another run's credential won (it approved the submission too): that one stands.
      if (refused.pointer) {
        const stored = await pointedTo(pointerKey, refused.pointer.item);
        if (!stored) throw new ConflictError(`submission ${record.submissionId} has a credential pointer but no credential`, error);
        return { record: stored, created: false };
      }
      if (refused.approval) {
        if (!refused.approval.item) throw new NotFoundError(`submission ${record.submissionId} not found`, error);
        const found = parseStored(Submission.pick({ status: true, review: true }), 'Submission', submissionKey, refused.approval.item);
        const decision = found.review ? ` (review decision: ${found.review.decision})` : '';
        throw new ConflictError(
          `submission ${record.submissionId} is ${found.status}${decision}; it is approved and released only from ${approval!.from}${approval!.from === 'IN_REVIEW' ? ' with an approve decision' : ''}`,
          error,
        );
      }
      throw new ConflictError(`credential ${record.id} already exists for another submission`, error);
    },

    get,

    async listByEarner(earnerEmail) {
      const { pk, skPrefix } = keys.earnerCredentials(earnerHash(earnerEmail));
      const listed = await queryRecords(table, EarnerCredentialItem, 'EarnerCredential', {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        // The stacked award reads this right after the release wrote the newest one.
        ConsistentRead: true,
      });
      // An earner holds a handful of credentials: one read each for the status, which only the credential item keeps.
      const statuses = await Promise.all(listed.map((entry) => getRecord(table, StoredStatus, 'Credential', keys.credential(entry.credentialId))));
      return listed.map((entry, i) => ({ ...entry, status: statuses[i]?.status ?? 'ACTIVE' }));
    },

    async setVisibility(id, visibility) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: keys.credential(id),
            UpdateExpression: 'SET #visibility = :visibility',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#visibility': 'visibility' },
            ExpressionAttributeValues: { ':visibility': visibility },
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new NotFoundError(`credential ${id} not found`, error);
        throw error;
      }
      return (await get(id))!;
    },

    getBySubmission: (submissionId) => pointedTo(keys.credentialOfSubmission(submissionId), undefined),

    async getSubmissionWithCredential(submissionId) {
      const submissionKey = keys.submission(submissionId);
      const pointerKey = keys.credentialOfSubmission(submissionId);
      // The collection's sort keys run CREDENTIAL < EXECUTION < REVIEW#… < SUBMISSION: this range holds
      // both items and, between them, a few small ones (the local journal's record, review pointers).
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': submissionKey.pk, ':from': pointerKey.sk, ':to': submissionKey.sk },
          ConsistentRead: true,
        }),
      );
      const submissionItem = Items.find((item) => item.sk === submissionKey.sk);
      const pointerItem = Items.find((item) => item.sk === pointerKey.sk);
      return {
        ...(submissionItem ? { submission: parseStored(Submission, 'Submission', submissionKey, submissionItem) } : {}),
        ...(pointerItem ? { credential: await pointedTo(pointerKey, pointerItem) } : {}),
      };
    },

    async changeStatus(id, { to, change, list }) {
      const from = CREDENTIAL_TRANSITIONS.allowedPredecessors(to);
      if (from.length === 0) {
        const record = await get(id);
        if (!record) throw new NotFoundError(`credential ${id} not found`);
        return explainRefusal(id, to, record.status);
      }
      const credentialKey = keys.credential(id);
      const result = await writeTransaction(table, {
        credential: {
          Update: {
            TableName,
            Key: credentialKey,
            UpdateExpression: 'SET #status = :to, #history = list_append(if_not_exists(#history, :none), :change)',
            ConditionExpression: `attribute_exists(pk) AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
            ExpressionAttributeNames: { '#status': 'status', '#history': 'statusHistory' },
            ExpressionAttributeValues: {
              ':to': to,
              ':change': [change],
              ':none': [],
              ...Object.fromEntries(from.map((status, i) => [`:from${i}`, status])),
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        list: {
          Update: {
            TableName,
            Key: keys.statusList(list.issuerId, list.purpose, list.listNumber),
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
      });
      if (result.committed) return (await get(id))!;

      const { refused, error } = result;
      if (refused.credential) {
        const { item } = refused.credential;
        if (!item) throw new NotFoundError(`credential ${id} not found`, error);
        return explainRefusal(id, to, parseStored(StoredStatus, 'Credential', credentialKey, item).status, error);
      }
      throw new StatusListChangedError(`status list ${list.purpose} ${list.listNumber} of ${list.issuerId} changed meanwhile`, error);
    },
  };
}
