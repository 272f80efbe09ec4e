// The summary report's arithmetic on submissions as the store returns them: counts by status, the
// approval rate, the median time to decision, the window a query asks for and the CSV.
import type { Submission, SubmissionStatus } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '@tessera/catalogue';
import { decisionOf, median, reportWindow, summarize, summaryCsv, SummaryQuery } from './reports.ts';

const RECEIVED_AT = '2026-11-10T10:00:00.000Z';
const later = (seconds: number) => new Date(Date.parse(RECEIVED_AT) + seconds * 1000).toISOString();

/** A submission that went through `steps` (status, seconds after receipt), decided by a reviewer when `review` is given. */
function aSubmission(steps: [SubmissionStatus, number][], review?: { decision: 'approve' | 'reject'; after: number }): Submission {
  const history = [{ at: RECEIVED_AT, status: 'RECEIVED' as const }, ...steps.map(([status, after]) => ({ at: later(after), status }))];
  return {
    id: `s-${Math.random()}`,
    sourceId: 'demo',
    eventId: `e-${Math.random()}`,
    achievementId: 'a',
    issuerId: 'uni',
    recipient: { email: 'ada@example.org', name: 'Ada' },
    evidence: [],
    occurredAt: RECEIVED_AT,
    receivedAt: RECEIVED_AT,
    status: history.at(-1)!.status,
    history,
    ...(review ? { review: { decision: review.decision, comment: '', decidedBy: 'qa@example.org', decidedAt: later(review.after) } } : {}),
  };
}

describe('decisionOf', () => {
  it("is the reviewer's decision at decidedAt, not when the workflow recorded it", () => {
    const s = aSubmission(
      [
        ['IN_REVIEW', 5],
        ['APPROVED', 130],
      ],
      { decision: 'approve', after: 120 },
    );
    expect(decisionOf(s)).toEqual({ approved: true, at: later(120) });
  });

  it('is the approval itself under the auto policy (no reviewer)', () => {
    expect(decisionOf(aSubmission([['APPROVED', 3]]))).toEqual({ approved: true, at: later(3) });
  });

  it('is none for an expired review or a failure before any decision', () => {
    expect(
      decisionOf(
        aSubmission([
          ['IN_REVIEW', 5],
          ['EXPIRED', 600],
        ]),
      ),
    ).toBeUndefined();
    expect(decisionOf(aSubmission([['FAILED', 5]]))).toBeUndefined();
  });
});

describe('median', () => {
  it('is the middle value, the mean of the two middle ones for an even count, null for none', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 10, 2])).toBe(3);
    expect(median([])).toBeNull();
  });
});

describe('summarize', () => {
  it('counts each status, and rates approvals and times decisions over decided submissions only', () => {
    // Prepare: issued after 60 s (reviewer), issued after 2 s (auto), rejected after 300 s, approved and then
    // failed in release after 100 s, in review, expired, failed at the first step, just received.
    const submissions = [
      aSubmission(
        [
          ['IN_REVIEW', 1],
          ['APPROVED', 61],
          ['ISSUED', 70],
        ],
        { decision: 'approve', after: 60 },
      ),
      aSubmission([
        ['APPROVED', 2],
        ['ISSUED', 4],
      ]),
      aSubmission(
        [
          ['IN_REVIEW', 1],
          ['REJECTED', 301],
        ],
        { decision: 'reject', after: 300 },
      ),
      aSubmission(
        [
          ['IN_REVIEW', 1],
          ['APPROVED', 101],
          ['FAILED', 200],
        ],
        { decision: 'approve', after: 100 },
      ),
      aSubmission([['IN_REVIEW', 1]]),
      aSubmission([
        ['IN_REVIEW', 1],
        ['EXPIRED', 900],
      ]),
      aSubmission([['FAILED', 1]]),
      aSubmission([]),
    ];

    // Act
    const summary = summarize(submissions);

    // Assess: 3 approvals of 4 decisions; decision times 60, 2, 300, 100 → median (60 + 100) / 2.
    expect(summary).toEqual({
      received: 8,
      inProgress: 1,
      inReview: 1,
      issued: 2,
      rejected: 1,
      expired: 1,
      failed: 2,
      approvalRate: 0.75,
      medianSecondsToDecision: 80,
    });
  });

  it('has no rate and no median before the first decision', () => {
    expect(summarize([aSubmission([['IN_REVIEW', 1]])])).toMatchObject({ received: 1, inReview: 1, approvalRate: null, medianSecondsToDecision: null });
    expect(summarize([])).toMatchObject({ received: 0, approvalRate: null, medianSecondsToDecision: null });
  });

  it('rounds the rate to 4 decimals', () => {
    const approve = () => aSubmission([['APPROVED', 1]]);
    const reject = aSubmission([['IN_REVIEW', 1]], { decision: 'reject', after: 5 });
    expect(summarize([approve(), approve(), reject]).approvalRate).toBe(0.6667);
  });
});

describe('reportWindow', () => {
  const now = new Date('2026-12-03T08:00:00Z');
  const window = (query: Record<string, string>) => reportWindow(SummaryQuery.parse(query), now);

  it('defaults to the 30 days before now, and reads dates as midnight UTC and offsets as instants', () => {
    expect(window({})).toEqual({ from: '2026-11-03T08:00:00.000Z', to: '2026-12-03T08:00:00.000Z' });
    expect(window({ from: '2026-11-01', to: '2026-11-02T01:00:00+02:00' })).toEqual({ from: '2026-11-01T00:00:00.000Z', to: '2026-11-01T23:00:00.000Z' });
  });

  it('refuses a from that is not before to, a window over 366 days, and what is not a date', () => {
    expect(() => window({ from: '2026-11-02', to: '2026-11-01' })).toThrow(/from: must be before to/);
    expect(() => window({ from: '2026-11-01', to: '2026-11-01' })).toThrow(/from: must be before to/);
    expect(() => window({ from: '2024-01-01', to: '2026-01-01' })).toThrow(/at most 366 days/);
    expect(SummaryQuery.safeParse({ from: 'last week' }).success).toBe(false);
    expect(SummaryQuery.safeParse({ from: '2026-13-01' }).success).toBe(false);
    expect(SummaryQuery.safeParse({ since: '2026-11-01' }).success).toBe(false);
  });
});

describe('summaryCsv', () => {
  it('is a header row and one row per achievement, an empty field for no rate or median, read back by an RFC 4180 parser', () => {
    // Prepare
    const counts = summarize([]);
    const report = {
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      achievements: [
        { achievementId: 'data-101', name: 'Data, literacy "basics"', ...summarize([aSubmission([['APPROVED', 10]])]) },
        { achievementId: 'python', name: 'Python', ...counts },
      ],
      totals: counts,
    };

    // Act
    const rows = parseCsv(summaryCsv(report)).map((r) => r.fields);

    // Assess
    expect(rows).toEqual([
      ['achievementId', 'name', 'received', 'inProgress', 'inReview', 'issued', 'rejected', 'expired', 'failed', 'approvalRate', 'medianSecondsToDecision'],
      ['data-101', 'Data, literacy "basics"', '1', '1', '0', '0', '0', '0', '0', '1', '10'],
      ['python', 'Python', '0', '0', '0', '0', '0', '0', '0', '', ''],
    ]);
  });
});
