// Weeks for the issued-per-week chart: ISO weeks (Monday, UTC), every week of the window present.
import { describe, expect, it } from 'vitest';
import type { Submission } from '@tessera/core';
import { translator } from '@tessera/i18n';
import { isoWeek, reportBody, weeklyIssued, type ConsoleReport, type ReportRow } from './reports.ts';

const issuedOn = (at: string): Submission =>
  ({
    status: 'ISSUED',
    history: [
      { at: '2026-11-01T00:00:00Z', status: 'RECEIVED' },
      { at, status: 'ISSUED' },
    ],
  }) as unknown as Submission;

describe('isoWeek', () => {
  it.each([
    ['2026-12-03T10:00:00Z', '2026-11-30', 49],
    ['2026-11-30T00:00:00Z', '2026-11-30', 49],
    ['2026-11-29T23:59:59Z', '2026-11-23', 48],
    ['2027-01-01T12:00:00Z', '2026-12-28', 53],
    ['2026-01-01T12:00:00Z', '2025-12-29', 1],
  ])('puts %s in the week of Monday %s (week %i)', (at, weekStart, week) => {
    expect(isoWeek(at)).toEqual({ weekStart, week });
  });
});

describe('weeklyIssued', () => {
  it('counts credentials by the week of their ISSUED step, with empty weeks as 0', () => {
    const window = { from: '2026-11-10T00:00:00.000Z', to: '2026-12-03T00:00:00.000Z' };
    const weekly = weeklyIssued([issuedOn('2026-11-11T09:00:00Z'), issuedOn('2026-11-12T09:00:00Z'), issuedOn('2026-12-01T09:00:00Z')], window);
    expect(weekly).toEqual([
      { weekStart: '2026-11-09', week: 46, issued: 2 },
      { weekStart: '2026-11-16', week: 47, issued: 0 },
      { weekStart: '2026-11-23', week: 48, issued: 0 },
      { weekStart: '2026-11-30', week: 49, issued: 1 },
    ]);
  });

  it('ignores submissions that were never issued', () => {
    const received = { status: 'REJECTED', history: [{ at: '2026-11-11T00:00:00Z', status: 'RECEIVED' }] } as unknown as Submission;
    expect(weeklyIssued([received], { from: '2026-11-10T00:00:00Z', to: '2026-11-12T00:00:00Z' })).toEqual([{ weekStart: '2026-11-09', week: 46, issued: 0 }]);
  });
});

describe('reportBody', () => {
  const counts = { received: 2, inProgress: 0, inReview: 2, issued: 0, rejected: 0, expired: 0, failed: 0 };
  const row = (decision: Partial<ReportRow>): ReportRow => ({
    achievementId: 'a1',
    name: 'Data Literacy',
    ...counts,
    approvalRate: null,
    medianSecondsToDecision: null,
    decided: 0,
    ...decision,
  });
  const report = (achievements: ReportRow[]): ConsoleReport => ({
    from: '2026-11-01T00:00:00Z',
    to: '2026-12-01T00:00:00Z',
    achievements,
    totals: { ...counts, approvalRate: null, medianSecondsToDecision: null },
    weekly: [],
    events: [],
  });

  it('says there is no decision yet instead of drawing the approval and median charts as bare axes', () => {
    // Act
    const html = String(reportBody(translator('en'), report([row({})]), ''));

    // Assess
    expect(html.match(/No review decision in this window yet/g)).toHaveLength(2);
    expect(html).not.toMatch(/id="approval-chart[^"]*"/);
    expect(html).not.toMatch(/id="median-chart[^"]*"/);
  });

  it('draws both charts once an achievement has a decision', () => {
    // Act
    const html = String(reportBody(translator('en'), report([row({ approvalRate: 0.5, medianSecondsToDecision: 7200, decided: 2 })]), ''));

    // Assess
    expect(html).not.toContain('No review decision');
    expect(html).toMatch(/id="approval-chart[^"]*"/);
    expect(html).toMatch(/id="median-chart[^"]*"/);
  });
});
