// Weeks for the issued-per-week chart: ISO weeks (Monday, UTC), every week of the window present.
import { describe, expect, it } from 'vitest';
import type { Submission } from '@tessera/core';
import { isoWeek, weeklyIssued } from './reports.ts';

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
