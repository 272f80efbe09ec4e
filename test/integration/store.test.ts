// The DynamoDB store against real DynamoDB Local: each repository's behaviour as store.ts promises it.
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  ConflictError,
  GoneError,
  NotFoundError,
  type Achievement,
  type CredentialRecord,
  type Issuer,
  type Review,
  type ReviewDecision,
  type Submission,
  type SubmissionStatus,
} from '@tessera/core';
import { StoredItemInvalidError, createTable, keys } from '@tessera/store';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { localDynamoDbClientConfig } from '../../packages/local/src/dynamodb-local.ts';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});

function aSubmission(overrides: Partial<Submission> = {}): Submission {
  return {
    id: randomUUID(),
    sourceId: 'moodle-main',
    eventId: randomUUID(),
    achievementId: 'intro-to-data',
    issuerId: 'uni',
    recipient: { email: 'ada@example.org', name: 'Ada Lovelace' },
    evidence: [{ name: 'Final project', url: 'https://lms.example.org/p/1' }],
    occurredAt: '2026-11-01T10:00:00Z',
    receivedAt: '2026-11-01T10:00:02Z',
    status: 'RECEIVED',
    history: [{ at: '2026-11-01T10:00:02Z', status: 'RECEIVED' }],
    ...overrides,
  };
}

async function aStoredSubmission(status: SubmissionStatus = 'RECEIVED'): Promise<Submission> {
  const { submission } = await table.store.submissions.create(aSubmission({ status }));
  return submission;
}

function aReview(submissionId: string, overrides: Partial<Review> = {}): Review {
  return {
    secretHash: randomUUID().replaceAll('-', ''),
    submissionId,
    reviewerEmail: 'qa@example.org',
    taskToken: `token-${randomUUID()}`,
    createdAt: '2026-11-01T10:00:05Z',
    expiresAt: '2026-11-08T10:00:05Z',
    ...overrides,
  };
}

const approval: ReviewDecision = {
  decision: 'approve',
  comment: 'Meets the criteria',
  decidedBy: 'qa@example.org',
  decidedAt: '2026-11-02T09:00:00Z',
};

/** Whose credential it is (its earner index entry); test/integration/stacks-store.test.ts covers that index. */
const EARNER = { earnerEmail: 'ada@example.org' };

function aCredential(submissionId: string, overrides: Partial<CredentialRecord> = {}): CredentialRecord {
  const id = `urn:uuid:${randomUUID()}`;
  return {
    id,
    submissionId,
    issuerId: 'uni',
    achievementId: 'intro-to-data',
    recipientHash: 'sha256$0a1b2c',
    url: `https://badges.example.org/credentials/${id}.json`,
    issuedAt: '2026-11-02T09:00:10Z',
    // Key order deliberately not alphabetical: the public artefact must come back as it was signed.
    credential: {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      id,
      issuer: 'did:web:badges.example.org',
      proof: { type: 'DataIntegrityProof' },
    },
    ...overrides,
  };
}

describe('configuration items', () => {
  it('returns an issuer as it was put, without table attributes', async () => {
    // Prepare
    const issuer: Issuer = { id: `uni-${randomUUID()}`, name: 'Example University', url: 'https://example.org' };
    // Act
    await table.store.issuers.put(issuer);
    // Assess
    expect(await table.store.issuers.get(issuer.id)).toStrictEqual(issuer);
  });

  it('returns an achievement as it was put', async () => {
    const achievement: Achievement = {
      id: `ach-${randomUUID()}`,
      issuerId: 'uni',
      name: 'Intro to Data',
      description: 'Basics of data handling',
      criteria: { narrative: 'Pass the final project' },
      qaPolicy: 'manual',
      reviewerEmails: ['qa@example.org'],
      evidenceRequirements: { minItems: 1, requireUrl: true },
    };
    await table.store.achievements.put(achievement);
    expect(await table.store.achievements.get(achievement.id)).toStrictEqual(achievement);
  });

  it('returns a webhook source as it was put, and undefined for an unknown one', async () => {
    const source = { id: `lms-${randomUUID()}`, secret: 's3cret', issuerId: 'uni' };
    await table.store.webhookSources.put(source);
    expect(await table.store.webhookSources.get(source.id)).toStrictEqual(source);
    expect(await table.store.webhookSources.get('no-such-source')).toBeUndefined();
  });

  it('keeps ids containing the key separator apart', async () => {
    await table.store.issuers.put({ id: 'a#b', name: 'First', url: 'https://a.example.org' });
    await table.store.issuers.put({ id: 'a', name: 'Second', url: 'https://b.example.org' });
    expect((await table.store.issuers.get('a#b'))?.name).toBe('First');
  });
});

describe('submissions.create', () => {
  it('stores a new submission and says it created it', async () => {
    const submission = aSubmission();
    const result = await table.store.submissions.create(submission);
    expect(result).toStrictEqual({ submission, created: true });
    expect(await table.store.submissions.get(submission.id)).toStrictEqual(submission);
  });

  it('returns the first submission when the same source event arrives again', async () => {
    const first = aSubmission();
    await table.store.submissions.create(first);
    const again = aSubmission({ eventId: first.eventId, receivedAt: '2026-11-01T10:05:00Z' });

    const result = await table.store.submissions.create(again);

    expect(result).toStrictEqual({ submission: first, created: false, duplicateOf: 'event' });
    expect(await table.store.submissions.get(again.id)).toBeUndefined();
  });

  it('treats the same event id from another source as a new event', async () => {
    const first = aSubmission();
    await table.store.submissions.create(first);
    const result = await table.store.submissions.create(aSubmission({ eventId: first.eventId, sourceId: 'canvas' }));
    expect(result.created).toBe(true);
  });

  it('creates one submission when the same event is delivered twice at once', async () => {
    const eventId = randomUUID();
    const results = await Promise.all([table.store.submissions.create(aSubmission({ eventId })), table.store.submissions.create(aSubmission({ eventId }))]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0]?.submission.id).toBe(results[1]?.submission.id);
  });

  it('refuses a submission id that already belongs to another event', async () => {
    const first = await aStoredSubmission();
    await expect(table.store.submissions.create(aSubmission({ id: first.id }))).rejects.toBeInstanceOf(ConflictError);
  });

  it('returns undefined for an unknown submission', async () => {
    expect(await table.store.submissions.get(randomUUID())).toBeUndefined();
  });
});

describe('submissions.transition', () => {
  it('moves an allowed submission, merges the patch and appends to the history', async () => {
    const submission = await aStoredSubmission('APPROVED');

    const issued = await table.store.submissions.transition(submission.id, 'ISSUED', {
      at: '2026-11-02T09:00:11Z',
      note: 'credential released',
      patch: { credentialId: 'urn:uuid:1', credentialUrl: 'https://badges.example.org/c/1.json' },
    });

    const expected: Submission = {
      ...submission,
      status: 'ISSUED',
      credentialId: 'urn:uuid:1',
      credentialUrl: 'https://badges.example.org/c/1.json',
      history: [...submission.history, { at: '2026-11-02T09:00:11Z', status: 'ISSUED', note: 'credential released' }],
    };
    expect(issued).toStrictEqual(expected);
    expect(await table.store.submissions.get(submission.id)).toStrictEqual(expected);
  });

  it('returns the submission unchanged when it is already in the target status', async () => {
    const submission = await aStoredSubmission('RECEIVED');
    const first = await table.store.submissions.transition(submission.id, 'IN_REVIEW', { at: '2026-11-01T10:00:05Z' });

    const retried = await table.store.submissions.transition(submission.id, 'IN_REVIEW', { at: '2026-11-01T10:00:09Z' });

    expect(retried).toStrictEqual(first);
    expect(retried.history).toHaveLength(2);
  });

  it('refuses a move from a status not allowed, naming the current status', async () => {
    const submission = await aStoredSubmission('REJECTED');

    const attempt = table.store.submissions.transition(submission.id, 'ISSUED', { at: '2026-11-02T09:00:11Z' });

    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toThrow(/REJECTED/);
    expect(await table.store.submissions.get(submission.id)).toStrictEqual(submission);
  });

  it('takes the allowed predecessors from the state machine: auto-approval straight from RECEIVED, failure from APPROVED', async () => {
    const received = await aStoredSubmission('RECEIVED');
    const approved = await aStoredSubmission('APPROVED');

    expect((await table.store.submissions.transition(received.id, 'APPROVED', { at: '2026-11-01T10:00:05Z' })).status).toBe('APPROVED');
    expect((await table.store.submissions.transition(approved.id, 'FAILED', { at: '2026-11-01T10:00:05Z' })).status).toBe('FAILED');
  });

  it('refuses a move the state machine does not allow, naming the statuses it allows it from', async () => {
    const received = await aStoredSubmission('RECEIVED');

    const attempt = table.store.submissions.transition(received.id, 'ISSUED', { at: '2026-11-01T10:00:05Z' });

    await expect(attempt).rejects.toThrow(`submission ${received.id} is RECEIVED; it can move to ISSUED only from APPROVED`);
    expect(await table.store.submissions.get(received.id)).toStrictEqual(received);
  });

  it('refuses any move into RECEIVED (nothing precedes it) but answers a submission already there', async () => {
    const received = await aStoredSubmission('RECEIVED');
    const rejected = await aStoredSubmission('REJECTED');

    expect(await table.store.submissions.transition(received.id, 'RECEIVED', { at: '2026-11-01T10:00:05Z' })).toStrictEqual(received);
    await expect(table.store.submissions.transition(rejected.id, 'RECEIVED', { at: '2026-11-01T10:00:05Z' })).rejects.toThrow(/only from nowhere/);
  });

  it('says an unknown submission is not found', async () => {
    const attempt = table.store.submissions.transition(randomUUID(), 'IN_REVIEW', { at: '2026-11-01T10:00:05Z' });
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('reviews', () => {
  it('finds a pending review by its secret hash, without table attributes', async () => {
    const submission = await aStoredSubmission('IN_REVIEW');
    const review = aReview(submission.id);
    await table.store.reviews.create(review);
    expect(await table.store.reviews.getBySecretHash(review.secretHash)).toStrictEqual(review);
  });

  it('gives a review a TTL a day after it expires, so an expired link still answers for a while', async () => {
    const review = aReview(randomUUID(), { expiresAt: '2026-11-08T10:00:00Z' });
    await table.store.reviews.create(review);

    const { Item } = await table.client.send(new GetCommand({ TableName: table.tableName, Key: keys.review(review.secretHash) }));

    expect(Item?.purgeAt).toBe(Date.parse('2026-11-09T10:00:00Z') / 1000);
  });

  it('refuses to overwrite a review that was already decided', async () => {
    const submission = await aStoredSubmission('IN_REVIEW');
    const review = aReview(submission.id);
    await table.store.reviews.create(review);
    await table.store.reviews.decide(review.secretHash, approval);

    await expect(table.store.reviews.create({ ...review, taskToken: 'another' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('records a decision on the review and on its submission, leaving the status to the workflow', async () => {
    const submission = await aStoredSubmission('IN_REVIEW');
    const review = aReview(submission.id);
    await table.store.reviews.create(review);

    const decided = await table.store.reviews.decide(review.secretHash, approval);

    expect(decided).toStrictEqual({ ...review, decision: approval });
    expect(await table.store.reviews.getBySecretHash(review.secretHash)).toStrictEqual({ ...review, decision: approval });
    expect(await table.store.submissions.get(submission.id)).toStrictEqual({ ...submission, review: approval });
  });

  it('refuses a second decision with 409 and keeps the first', async () => {
    const submission = await aStoredSubmission('IN_REVIEW');
    const review = aReview(submission.id);
    await table.store.reviews.create(review);
    await table.store.reviews.decide(review.secretHash, approval);

    const second = table.store.reviews.decide(review.secretHash, { ...approval, decision: 'reject' });

    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(second).rejects.toMatchObject({ status: 409 });
    expect((await table.store.submissions.get(submission.id))?.review?.decision).toBe('approve');
  });

  it('lets exactly one of two simultaneous decisions through', async () => {
    const submission = await aStoredSubmission('IN_REVIEW');
    const review = aReview(submission.id);
    await table.store.reviews.create(review);

    const outcomes = await Promise.allSettled([
      table.store.reviews.decide(review.secretHash, approval),
      table.store.reviews.decide(review.secretHash, { ...approval, decision: 'reject' }),
    ]);

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(ConflictError);
  });

  it('lets exactly one of two reviewers deciding the same submission at once win, and records that decision', async () => {
    // Two reviewers hold their own links (review records) for one submission; both post at the same moment.
    for (let round = 0; round < 25; round++) {
      const submission = await aStoredSubmission('IN_REVIEW');
      const ada = aReview(submission.id, { reviewerEmail: 'ada@example.org' });
      const bob = aReview(submission.id, { reviewerEmail: 'bob@example.org' });
      await Promise.all([table.store.reviews.create(ada), table.store.reviews.create(bob)]);
      const decisions = {
        [ada.secretHash]: { ...approval, decision: 'approve' as const, decidedBy: ada.reviewerEmail },
        [bob.secretHash]: { ...approval, decision: 'reject' as const, decidedBy: bob.reviewerEmail },
      };

      const outcomes = await Promise.allSettled([ada, bob].map((review) => table.store.reviews.decide(review.secretHash, decisions[review.secretHash]!)));

      const won = outcomes.filter((o): o is PromiseFulfilledResult<Review> => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won, `round ${round}`).toHaveLength(1);
      expect(lost[0]?.reason).toBeInstanceOf(ConflictError);
      expect(lost[0]?.reason).toMatchObject({ status: 409 });
      const winner = won[0]!.value;
      expect((await table.store.submissions.get(submission.id))?.review, `round ${round}`).toStrictEqual(winner.decision);
      const loser = winner.secretHash === ada.secretHash ? bob : ada;
      expect((await table.store.reviews.getBySecretHash(loser.secretHash))?.decision, `round ${round}`).toBeUndefined();
    }
  });

  it('tells a second reviewer whose decision was recorded, and leaves that record alone', async () => {
    const submission = await aStoredSubmission('IN_REVIEW');
    const ada = aReview(submission.id, { reviewerEmail: 'ada@example.org' });
    const bob = aReview(submission.id, { reviewerEmail: 'bob@example.org' });
    await table.store.reviews.create(ada);
    await table.store.reviews.create(bob);
    await table.store.reviews.decide(ada.secretHash, { ...approval, decidedBy: ada.reviewerEmail });

    const late = table.store.reviews.decide(bob.secretHash, { ...approval, decision: 'reject', decidedBy: bob.reviewerEmail });

    await expect(late).rejects.toThrow('this submission was already decided (approve) by ada@example.org');
    expect((await table.store.submissions.get(submission.id))?.review).toStrictEqual({ ...approval, decidedBy: ada.reviewerEmail });
  });

  it('refuses a decision after the link expired with 410 and records nothing', async () => {
    const submission = await aStoredSubmission('IN_REVIEW');
    const review = aReview(submission.id, { expiresAt: '2026-11-02T08:59:59Z' });
    await table.store.reviews.create(review);

    const late = table.store.reviews.decide(review.secretHash, approval);

    await expect(late).rejects.toBeInstanceOf(GoneError);
    await expect(late).rejects.toMatchObject({ status: 410 });
    expect(await table.store.reviews.getBySecretHash(review.secretHash)).toStrictEqual(review);
    expect((await table.store.submissions.get(submission.id))?.review).toBeUndefined();
  });

  it('compares expiry as instants, whatever the time-zone offset', async () => {
    const submission = await aStoredSubmission('IN_REVIEW');
    // 10:30+02:00 is 08:30Z: before the decision at 09:00Z, though the string sorts after it.
    const review = aReview(submission.id, { expiresAt: '2026-11-02T10:30:00+02:00' });
    await table.store.reviews.create(review);
    await expect(table.store.reviews.decide(review.secretHash, approval)).rejects.toBeInstanceOf(GoneError);
  });

  it('refuses a decision once the submission has left review, and leaves the review undecided', async () => {
    const submission = await aStoredSubmission('IN_REVIEW');
    const review = aReview(submission.id);
    await table.store.reviews.create(review);
    await table.store.submissions.transition(submission.id, 'EXPIRED', { at: '2026-11-02T08:00:00Z' });

    const attempt = table.store.reviews.decide(review.secretHash, approval);

    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toThrow(/EXPIRED/);
    expect((await table.store.reviews.getBySecretHash(review.secretHash))?.decision).toBeUndefined();
  });

  it('says an unknown review is not found', async () => {
    await expect(table.store.reviews.decide('no-such-hash', approval)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('credentials', () => {
  it('stores a credential once and returns it exactly as signed', async () => {
    const record = aCredential(randomUUID());

    const result = await table.store.credentials.putOnce(record, EARNER);

    expect(result).toStrictEqual({ record, created: true });
    const stored = await table.store.credentials.get(record.id);
    expect(stored).toStrictEqual(record);
    expect(JSON.stringify(stored?.credential)).toBe(JSON.stringify(record.credential));
  });

  it('returns the first credential when a retry releases another for the same submission', async () => {
    const submissionId = randomUUID();
    const first = aCredential(submissionId);
    await table.store.credentials.putOnce(first, EARNER);

    const retry = await table.store.credentials.putOnce(aCredential(submissionId), EARNER);

    expect(retry).toStrictEqual({ record: first, created: false });
  });

  it('finds a credential by its submission', async () => {
    const record = aCredential(randomUUID());
    await table.store.credentials.putOnce(record, EARNER);
    expect(await table.store.credentials.getBySubmission(record.submissionId)).toStrictEqual(record);
  });

  it('reads a submission and its credential together (one Query of its item collection)', async () => {
    // Prepare: a submission with a review pointer in its collection, then its credential
    const submission = await aStoredSubmission('APPROVED');
    await table.store.reviews.create(aReview(submission.id));

    // Act / Assess: before the release stored a credential, the submission alone
    expect(await table.store.credentials.getSubmissionWithCredential(submission.id)).toStrictEqual({ submission });
    const record = aCredential(submission.id);
    await table.store.credentials.putOnce(record, EARNER);
    expect(await table.store.credentials.getSubmissionWithCredential(submission.id)).toStrictEqual({ submission, credential: record });
    // and nothing for an unknown submission
    expect(await table.store.credentials.getSubmissionWithCredential(`sub_${randomUUID()}`)).toStrictEqual({});
  });

  it('finds no credential for a submission that has none', async () => {
    expect(await table.store.credentials.getBySubmission(randomUUID())).toBeUndefined();
    expect(await table.store.credentials.get(`urn:uuid:${randomUUID()}`)).toBeUndefined();
  });

  it('approves the submission in the write that stores its credential: APPROVED with its history entry, and open still', async () => {
    // Prepare
    const submission = await aStoredSubmission('RECEIVED');
    const record = aCredential(submission.id);

    // Act
    await table.store.credentials.putOnce(record, { ...EARNER, approval: { from: 'RECEIVED', at: '2026-11-02T09:00:09Z', note: 'approved: released next' } });

    // Assess
    const after = await table.store.submissions.get(submission.id);
    expect(after?.status).toBe('APPROVED');
    expect(after?.history.at(-1)).toEqual({ at: '2026-11-02T09:00:09Z', status: 'APPROVED', note: 'approved: released next' });
    expect((await table.store.submissions.listOpen()).map((s) => s.id)).toContain(submission.id);
    expect(await table.store.credentials.getBySubmission(submission.id)).toStrictEqual(record);
  });

  it('approves a reviewed submission only with an approve decision on record', async () => {
    // Prepare: one approved by its reviewer, one rejected (the workflow has not recorded REJECTED yet)
    const approved = await aStoredSubmission('IN_REVIEW');
    const approvedReview = aReview(approved.id);
    await table.store.reviews.create(approvedReview);
    await table.store.reviews.decide(approvedReview.secretHash, approval);
    const rejected = await aStoredSubmission('IN_REVIEW');
    const rejectedReview = aReview(rejected.id);
    await table.store.reviews.create(rejectedReview);
    await table.store.reviews.decide(rejectedReview.secretHash, { ...approval, decision: 'reject' });
    const approve = { from: 'IN_REVIEW', at: '2026-11-02T09:00:09Z', note: 'approved: released next' } as const;

    // Act
    await table.store.credentials.putOnce(aCredential(approved.id), { ...EARNER, approval: approve });
    const refused = await table.store.credentials.putOnce(aCredential(rejected.id), { ...EARNER, approval: approve }).catch((error: unknown) => error);

    // Assess
    expect((await table.store.submissions.get(approved.id))?.status).toBe('APPROVED');
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as Error).message).toContain(`submission ${rejected.id} is IN_REVIEW (review decision: reject)`);
    expect(await table.store.credentials.getBySubmission(rejected.id)).toBeUndefined();
    expect((await table.store.submissions.get(rejected.id))?.status).toBe('IN_REVIEW');
  });

  it('stores nothing when the submission moved on since the release read it (FAILED, or not where the approval found it)', async () => {
    const failed = await aStoredSubmission('FAILED');
    const record = aCredential(failed.id);

    const attempt = table.store.credentials.putOnce(record, { ...EARNER, approval: { from: 'RECEIVED', at: '2026-11-02T09:00:09Z', note: 'approved: released next' } });

    await expect(attempt).rejects.toThrow(`submission ${failed.id} is FAILED; it is approved and released only from RECEIVED`);
    expect(await table.store.credentials.getBySubmission(failed.id)).toBeUndefined();
    expect(await table.store.credentials.get(record.id)).toBeUndefined();
    expect(await table.store.credentials.listByEarner(`nobody-${randomUUID()}@example.org`)).toEqual([]);
  });

  it('a retry whose first run approved and stored: the stored credential, the submission approved once', async () => {
    const submission = await aStoredSubmission('RECEIVED');
    const first = aCredential(submission.id);
    const approve = { from: 'RECEIVED', at: '2026-11-02T09:00:09Z', note: 'approved: released next' } as const;
    await table.store.credentials.putOnce(first, { ...EARNER, approval: approve });

    const retry = await table.store.credentials.putOnce(aCredential(submission.id), { ...EARNER, approval: { ...approve, at: '2026-11-02T09:00:30Z' } });

    expect(retry).toStrictEqual({ record: first, created: false });
    expect((await table.store.submissions.get(submission.id))?.history.map((h) => h.status)).toEqual(['RECEIVED', 'APPROVED']);
  });

  it('refuses a credential id already used by another submission', async () => {
    const record = aCredential(randomUUID());
    await table.store.credentials.putOnce(record, EARNER);
    await expect(table.store.credentials.putOnce({ ...record, submissionId: randomUUID() }, EARNER)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('a corrupted stored item', () => {
  /** Writes an item as it is, the way a hand edit or an old release could have left it. */
  async function putRaw(key: { pk: string; sk: string }, item: Record<string, unknown>): Promise<void> {
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: { ...item, ...key } }));
  }

  /** Edits one stored item by hand: `SET field = value` for each entry, `REMOVE field` for each undefined one. */
  async function editRaw(key: { pk: string; sk: string }, fields: Record<string, unknown>): Promise<void> {
    const entries = Object.entries(fields);
    const set = entries.filter(([, value]) => value !== undefined).map(([field]) => field);
    const remove = entries.filter(([, value]) => value === undefined).map(([field]) => field);
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: key,
        UpdateExpression: [set.length ? `SET ${set.map((f) => `#${f} = :${f}`).join(', ')}` : '', remove.length ? `REMOVE ${remove.map((f) => `#${f}`).join(', ')}` : '']
          .filter(Boolean)
          .join(' '),
        ExpressionAttributeNames: Object.fromEntries(entries.map(([field]) => [`#${field}`, field])),
        ExpressionAttributeValues: set.length ? Object.fromEntries(set.map((field) => [`:${field}`, fields[field]])) : undefined,
      }),
    );
  }

  it('is a StoredItemInvalidError (500) naming the field, not a cast', async () => {
    const submission = await aStoredSubmission('IN_REVIEW');
    await editRaw(keys.submission(submission.id), { status: 'LOST' });

    const read = table.store.submissions.get(submission.id);

    await expect(read).rejects.toBeInstanceOf(StoredItemInvalidError);
    await expect(read).rejects.toMatchObject({ status: 500, entity: 'Submission', details: [{ path: 'status', message: expect.any(String) }] });
    await expect(read).rejects.toThrow(`stored Submission SUBMISSION#${submission.id} is invalid: status:`);
  });

  it('is refused by name when a transition meets it', async () => {
    const submission = await aStoredSubmission('RECEIVED');
    await editRaw(keys.submission(submission.id), { history: undefined });

    const moved = table.store.submissions.transition(submission.id, 'IN_REVIEW', { at: '2026-11-01T10:00:05Z' });

    // The transition itself writes a fresh history; the other missing field is what is reported.
    await expect(moved).resolves.toMatchObject({ status: 'IN_REVIEW' });
    await editRaw(keys.submission(submission.id), { recipient: undefined });
    await expect(table.store.submissions.transition(submission.id, 'APPROVED', { at: '2026-11-01T10:00:06Z' })).rejects.toMatchObject({
      details: [{ path: 'recipient' }],
    });
  });

  it('names a nested field (a review without its task token, a decision that is neither approve nor reject)', async () => {
    const submission = await aStoredSubmission('IN_REVIEW');
    const review = aReview(submission.id);
    const { taskToken: _dropped, ...withoutToken } = review;
    await putRaw(keys.review(review.secretHash), { ...withoutToken, decision: { ...approval, decision: 'maybe' } });

    await expect(table.store.reviews.getBySecretHash(review.secretHash)).rejects.toMatchObject({
      details: [{ path: 'taskToken' }, { path: 'decision.decision' }],
    });
  });

  it('names a credential whose signed JSON is damaged', async () => {
    const record = aCredential(randomUUID());
    await table.store.credentials.putOnce(record, EARNER);
    await editRaw(keys.credential(record.id), { credentialJson: '{"id": "urn:uuid:' });

    await expect(table.store.credentials.getBySubmission(record.submissionId)).rejects.toMatchObject({
      name: 'StoredItemInvalidError',
      details: [{ path: 'credentialJson', message: 'is not the JSON of a credential object' }],
    });
  });

  it('names a catalogue item field too (an achievement with an unknown QA policy)', async () => {
    const id = `ach-${randomUUID()}`;
    await putRaw(keys.achievement(id), { id, issuerId: 'uni', name: 'X', description: 'Y', criteria: { narrative: 'Z' }, qaPolicy: 'sometimes' });

    await expect(table.store.achievements.get(id)).rejects.toMatchObject({ entity: 'Achievement', details: [{ path: 'qaPolicy' }] });
  });
});

describe('createTable', () => {
  it('leaves an existing table and its items alone', async () => {
    const issuer: Issuer = { id: `uni-${randomUUID()}`, name: 'Kept', url: 'https://example.org' };
    await table.store.issuers.put(issuer);

    await createTable(new DynamoDBClient(localDynamoDbClientConfig(table.endpoint)), table.tableName);

    expect(await table.store.issuers.get(issuer.id)).toStrictEqual(issuer);
  });
});

describe('open submissions (the reconciler query, repositories/open-submissions.ts)', () => {
  it('lists the submissions not in a final status, oldest first, and at most `limit` of them', async () => {
    // Prepare: a table of its own, so no other test's open submissions are listed
    const own = await createTestTable();
    const at = (minute: number) => `2026-11-01T10:0${minute}:00Z`;
    const [second, first, third] = [at(2), at(1), at(3)].map((receivedAt) => aSubmission({ receivedAt }));
    for (const submission of [second!, first!, third!]) await own.store.submissions.create(submission);
    await own.store.submissions.create(aSubmission({ receivedAt: at(0), status: 'ISSUED' }));

    // Act
    const all = await own.store.submissions.listOpen();
    const two = await own.store.submissions.listOpen({ limit: 2 });

    // Assess
    expect(all.map((s) => s.id)).toEqual([first!.id, second!.id, third!.id]);
    expect(two.map((s) => s.id)).toEqual([first!.id, second!.id]);
  });
});
