// Reviews: one pending review per reviewer's link (found by the secret's hash), decided once. A
// submission may have several reviewers, so a decision is conditioned on the review *and* on the
// submission (still in review, no decision yet) in one transaction: exactly one decision wins, and
// the submission's recorded review is that one.
import { ConflictError, GoneError, NotFoundError, Review, Submission, ValidationError, type ReviewDecision, type SubmissionStatus } from '@tessera/core';
import * as z from 'zod';
import { keys } from '../keys.ts';
import type { Store } from '../store.ts';
import { TABLE_DEFINITION } from '../table.ts';
import { getRecord, isNew, parseStored, queryRecords, type TableContext } from '../table-context.ts';
import { writeTransaction } from '../transactions.ts';

/** An expired review link keeps answering 410 (rather than 404) for this long before DynamoDB may delete it. */
const REVIEW_PURGE_GRACE_SECONDS = 24 * 3600;

/** What the console reads of a review in its submission's collection: all but the task token. */
export const ReviewPointer = Review.omit({ taskToken: true, decision: true });
export type ReviewPointer = z.infer<typeof ReviewPointer>;

/** Enough of a refused submission to say why a decision was refused. */
const DecidedSubmission = Submission.pick({ status: true, review: true });

export function reviewsRepository(table: TableContext): Store['reviews'] {
  const { tableName: TableName } = table;
  const get = (secretHash: string) => getRecord(table, Review, 'Review', keys.review(secretHash));

  return {
    async create(review) {
      const expiresAtMs = Date.parse(review.expiresAt);
      if (Number.isNaN(expiresAtMs)) throw new ValidationError(`review expiresAt is not a date: ${review.expiresAt}`);
      const purgeAt = Math.ceil(expiresAtMs / 1000) + REVIEW_PURGE_GRACE_SECONDS;
      const { taskToken: _taskToken, decision: _decision, ...pointer } = review;
      // The review and its pointer in the submission's collection are written together: the console
      // finds a submission's reviews by the pointer, and never sees one without the other.
      const result = await writeTransaction(table, {
        review: {
          Put: {
            TableName,
            Item: { ...review, ...keys.review(review.secretHash), entity: 'Review', expiresAtMs, [TABLE_DEFINITION.timeToLiveAttribute]: purgeAt },
            // A retried workflow step may store its pending review again (with a new task token);
            // nothing may overwrite a decided review or another submission's.
            ConditionExpression: `${isNew} OR (#submissionId = :submissionId AND attribute_not_exists(#decision))`,
            ExpressionAttributeNames: { '#submissionId': 'submissionId', '#decision': 'decision' },
            ExpressionAttributeValues: { ':submissionId': review.submissionId },
          },
        },
        pointer: {
          Put: {
            TableName,
            Item: { ...pointer, ...keys.reviewOfSubmission(review.submissionId, review.secretHash), entity: 'ReviewPointer', [TABLE_DEFINITION.timeToLiveAttribute]: purgeAt },
          },
        },
      });
      if (!result.committed) {
        if (result.refused.review) throw new ConflictError('a review with this secret already exists', result.error);
        throw result.error;
      }
    },

    async listBySubmission(submissionId) {
      const { pk, skPrefix } = keys.reviewsOfSubmission(submissionId);
      const pointers = await queryRecords(table, ReviewPointer, 'ReviewPointer', {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      });
      return pointers.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    getBySecretHash: get,

    async decide(secretHash, decision) {
      const review = await get(secretHash);
      assertDecidable(review, decision);

      const reviewKey = keys.review(secretHash);
      const submissionKey = keys.submission(review.submissionId);
      const result = await writeTransaction(table, {
        review: {
          Update: {
            TableName,
            Key: reviewKey,
            UpdateExpression: 'SET #decision = :decision',
            ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(#decision) AND expiresAtMs > :decidedAtMs`,
            ExpressionAttributeNames: { '#decision': 'decision' },
            ExpressionAttributeValues: { ':decision': decision, ':decidedAtMs': Date.parse(decision.decidedAt) },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        submission: {
          Update: {
            TableName,
            Key: submissionKey,
            UpdateExpression: 'SET #review = :decision',
            // Another reviewer's link decides the same submission: the first decision stays the record.
            ConditionExpression: '#status = :inReview AND attribute_not_exists(#review)',
            ExpressionAttributeNames: { '#review': 'review', '#status': 'status' },
            ExpressionAttributeValues: { ':decision': decision, ':inReview': 'IN_REVIEW' satisfies SubmissionStatus },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      });
      if (result.committed) return { ...review, decision };

      const { refused, error } = result;
      // This very link decided (or expired) between our read and our write: say which.
      if (refused.review) {
        const stored = refused.review.item && parseStored(Review, 'Review', reviewKey, refused.review.item);
        assertDecidable(stored, decision, error);
        throw error;
      }
      const stored = refused.submission?.item && parseStored(DecidedSubmission, 'Submission', submissionKey, refused.submission.item);
      if (!stored) throw new ConflictError('the submission of this review does not exist', error);
      if (stored.review) {
        throw new ConflictError(`this submission was already decided (${stored.review.decision}) by ${stored.review.decidedBy}`, error);
      }
      throw new ConflictError(`the submission is ${stored.status}: it is no longer in review`, error);
    },
  };
}

/** Throws the error a decision on this review gets: unknown, already decided, or too late. */
function assertDecidable(review: Review | undefined, decision: ReviewDecision, cause?: unknown): asserts review is Review {
  if (!review) throw new NotFoundError('review not found', cause);
  if (review.decision) throw new ConflictError('this review has already been decided', cause);
  if (Date.parse(review.expiresAt) <= Date.parse(decision.decidedAt)) throw new GoneError('this review link has expired', cause);
}
