// Submissions: created once per source event (with its idempotency record, in one transaction) and
// moved through the submission state machine by conditional updates whose allowed "from" statuses
// come from SUBMISSION_TRANSITIONS.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { earnerHash } from '@tessera/catalogue/stacks';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import { ConflictError, Decision, NotFoundError, SUBMISSION_TRANSITIONS, Submission, type AuditEvent, type SubmissionStatus } from '@tessera/core';
import { keys } from '../keys.ts';
import type { Store, SubmissionApproval } from '../store.ts';
import { getRecord, getRecords, getRawItem, isNew, parseStored, queryRecords, type TableContext } from '../table-context.ts';
import { writeTransaction, type TransactItem } from '../transactions.ts';
import { openSubmissionAttributes, openSubmissionUpdate, openSubmissionsRepository } from './open-submissions.ts';

/** The idempotency record of a source event: which submission it became. */
const SourceEvent = z.object({ submissionId: z.string().min(1) });
/** Enough of a refused submission to say why it was refused. */
const StoredStatus = Submission.pick({ status: true });

/**
 * The submission's move to APPROVED as one item of a transaction (the credential's, see
 * credentials.putOnce): the same history entry `transition` writes, on the condition that the
 * submission is still where the approval found it, and for a reviewed one, that the decision on
 * record is `approve`. ALL_OLD on refusal, so the caller can name the status it found instead.
 */
export function approvalUpdate(TableName: string, submissionId: string, approval: SubmissionApproval): TransactItem {
  const to: SubmissionStatus = 'APPROVED';
  const event: AuditEvent = { at: approval.at, status: to, note: approval.note };
  const reviewed = approval.from === 'IN_REVIEW';
  return {
    Update: {
      TableName,
      Key: keys.submission(submissionId),
      UpdateExpression: ['SET #status = :to, #history = list_append(if_not_exists(#history, :none), :event)', openSubmissionUpdate(to)].filter(Boolean).join(' '),
      ConditionExpression: reviewed ? '#status = :from AND #review.#decision = :approve' : '#status = :from',
      ExpressionAttributeNames: { '#status': 'status', '#history': 'history', ...(reviewed ? { '#review': 'review', '#decision': 'decision' } : {}) },
      ExpressionAttributeValues: { ':to': to, ':event': [event], ':none': [], ':from': approval.from, ...(reviewed ? { ':approve': Decision.enum.approve } : {}) },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

export function submissionsRepository(table: TableContext): Store['submissions'] {
  const { client, tableName: TableName } = table;
  const get = (id: string) => getRecord(table, Submission, 'Submission', keys.submission(id));

  /** Why a transition did not happen, or the submission itself when it already had happened. */
  async function explainRefusal(id: string, to: SubmissionStatus, current: SubmissionStatus | undefined, cause?: unknown): Promise<Submission> {
    if (current === undefined) throw new NotFoundError(`submission ${id} not found`, cause);
    if (current === to) {
      // Rare (a retried step): one more read for the whole item.
      const submission = await get(id);
      if (submission?.status === to) return submission;
      return explainRefusal(id, to, submission?.status, cause);
    }
    const from = SUBMISSION_TRANSITIONS.allowedPredecessors(to);
    throw new ConflictError(`submission ${id} is ${current}; it can move to ${to} only from ${from.join(' or ') || 'nowhere'}`, cause);
  }

  return {
    async create(submission, options = {}) {
      const eventKey = keys.sourceEvent(submission.sourceId, submission.eventId);
      const claimKey = keys.awardClaim(earnerHash(submission.recipient.email), submission.achievementId);
      // The claim makes "one credential per learner and achievement" atomic: two sources (or two
      // events) racing for the same learner cannot both write theirs.
      const items: Record<string, TransactItem> = {
        event: {
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
        submission: {
          Put: {
            TableName,
            Item: {
              ...submission,
              ...keys.submission(submission.id),
              ...openSubmissionAttributes(submission),
              ...keys.submissionOfAchievement(submission.achievementId, submission.receivedAt, submission.id),
              entity: 'Submission',
            },
            ConditionExpression: isNew,
          },
        },
      };
      if (options.claim) {
        items.claim = {
          Put: {
            TableName,
            Item: { ...claimKey, entity: 'AwardClaim', submissionId: submission.id, achievementId: submission.achievementId, claimedAt: submission.receivedAt },
            ConditionExpression: isNew,
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        };
      }
      const result = await writeTransaction(table, items);
      if (result.committed) return { submission, created: true };

      const { refused, error } = result;
      if (refused.event) {
        const eventItem = refused.event.item ?? (await getRawItem(table, eventKey));
        const stored = eventItem && (await get(parseStored(SourceEvent, 'SourceEvent', eventKey, eventItem).submissionId));
        if (!stored) throw new ConflictError(`event ${submission.eventId} of ${submission.sourceId} was received, but its submission is missing`, error);
        return { submission: stored, created: false, duplicateOf: 'event' };
      }
      const claimRefusal = refused.claim;
      if (claimRefusal) {
        const claimItem = claimRefusal.item ?? (await getRawItem(table, claimKey));
        const stored = claimItem && (await get(parseStored(SourceEvent, 'AwardClaim', claimKey, claimItem).submissionId));
        if (!stored) throw new ConflictError(`${submission.achievementId} is claimed for this learner, but the claiming submission is missing`, error);
        return { submission: stored, created: false, duplicateOf: 'learner' };
      }
      throw new ConflictError(`submission ${submission.id} already exists for another event`, error);
    },

    async releaseClaim(submission) {
      try {
        await client.send(
          new DeleteCommand({
            TableName,
            Key: keys.awardClaim(earnerHash(submission.recipient.email), submission.achievementId),
            ConditionExpression: 'submissionId = :id',
            ExpressionAttributeValues: { ':id': submission.id },
          }),
        );
      } catch (error) {
        // No claim, or another submission's: nothing of ours to release.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    get,

    getMany: (ids) =>
      getRecords(
        table,
        Submission,
        'Submission',
        [...new Set(ids)].map((id) => keys.submission(id)),
      ),

    listOpen: openSubmissionsRepository(table).listOpen,

    listByAchievement(achievementId, window) {
      const range = keys.submissionsOfAchievement(achievementId, window);
      return queryRecords(table, Submission, 'Submission', {
        IndexName: 'GSI2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': range.gsi2pk, ':from': range.gsi2skFrom, ':to': range.gsi2skTo },
      });
    },

    async transition(id, to, { at, note, patch = {} }) {
      const from = SUBMISSION_TRANSITIONS.allowedPredecessors(to);
      // A final status has no predecessors: the only answer is the idempotent one or a refusal.
      if (from.length === 0) return explainRefusal(id, to, (await get(id))?.status);

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
      from.forEach((status, i) => (values[`:from${i}`] = status));

      const key = keys.submission(id);
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName,
            Key: key,
            UpdateExpression: [`SET ${sets.join(', ')}`, openSubmissionUpdate(to)].filter(Boolean).join(' '),
            ConditionExpression: `attribute_exists(pk) AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return parseStored(Submission, 'Submission', key, Attributes ?? {});
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const current = error.Item && parseStored(StoredStatus, 'Submission', key, unmarshall(error.Item)).status;
        return explainRefusal(id, to, current, error);
      }
    },
  };
}
