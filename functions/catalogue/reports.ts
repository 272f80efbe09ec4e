// The summary report: per achievement, what happened to the submissions received in a window of
// time: how many, where they stand, how often reviewers approve and how long a decision takes.
// Read from the GSI2 partition of each achievement (no Scan); answered as JSON or, on
// `Accept: text/csv`, as RFC 4180 CSV with a header row.
import { formatCsv } from '@tessera/catalogue';
import { parseWith, type Submission } from '@tessera/core';
import type { Store } from '@tessera/store';
import * as z from 'zod';
import { header, json, type HttpResponse } from '../shared/http.ts';
import type { AdminRoutes } from '../shared/admin-router.ts';

/** The window when the query gives no `from`: the 30 days before `to`. */
export const DEFAULT_WINDOW_DAYS = 30;
/** The longest window one request may read (each achievement's submissions in it are read whole). */
export const MAX_WINDOW_DAYS = 366;
const DAY_MS = 86_400_000;

/** An ISO date (midnight UTC) or date-time with an offset, as a UTC ISO instant. */
const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { message: 'must be an ISO date (2026-11-01) or date-time (2026-11-01T00:00:00Z)' })
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value).toISOString());

/** `GET /admin/reports/summary`'s query: submissions received at or after `from` and before `to`. */
export const SummaryQuery = z
  .object({
    from: instant.optional().describe(`start of the window, inclusive (default: ${DEFAULT_WINDOW_DAYS} days before to)`),
    to: instant.optional().describe('end of the window, exclusive (default: now)'),
    format: z.enum(['json', 'csv']).optional().describe('overrides the Accept header'),
  })
  .strict();
export type SummaryQuery = z.output<typeof SummaryQuery>;

/** Submissions received at or after `from` and before `to` (UTC ISO instants). */
const ReportWindow = z
  .object({ from: z.string(), to: z.string() })
  .refine((w) => Date.parse(w.from) < Date.parse(w.to), { path: ['from'], message: 'must be before to' })
  .refine((w) => Date.parse(w.to) - Date.parse(w.from) <= MAX_WINDOW_DAYS * DAY_MS, { path: ['to'], message: `the window may be at most ${MAX_WINDOW_DAYS} days` });
export type Window = z.output<typeof ReportWindow>;

/** The window a query asks for, its defaults filled in: 400 when `from` is not before `to` or the window is too long. */
export function reportWindow(query: SummaryQuery, now: Date): Window {
  const to = query.to ?? now.toISOString();
  const from = query.from ?? new Date(Date.parse(to) - DEFAULT_WINDOW_DAYS * DAY_MS).toISOString();
  return parseWith(ReportWindow, { from, to }, 'report window');
}

export type SubmissionCounts = {
  received: number;
  /** RECEIVED or APPROVED: being checked, or approved and being released. */
  inProgress: number;
  inReview: number;
  issued: number;
  rejected: number;
  expired: number;
  failed: number;
  /** approved ÷ (approved + rejected), 4 decimals; null before any decision. */
  approvalRate: number | null;
  /** The median of (decision time − receivedAt) over decided submissions, in whole seconds; null before any decision. */
  medianSecondsToDecision: number | null;
};

export type AchievementSummary = { achievementId: string; name: string } & SubmissionCounts;
export type SummaryReport = Window & { achievements: AchievementSummary[]; totals: SubmissionCounts };

type Decided = { approved: boolean; at: string };

/**
 * The decision on a submission, if one was taken: a reviewer's (its `review`, at `decidedAt`), or,
 * with no reviewer (policy auto), the approval itself (the APPROVED step of its history). Expiry is
 * not a decision; neither is a failure before one.
 */
export function decisionOf(submission: Submission): Decided | undefined {
  if (submission.review) return { approved: submission.review.decision === 'approve', at: submission.review.decidedAt };
  const step = submission.history.find((event) => event.status === 'APPROVED' || event.status === 'REJECTED');
  return step && { approved: step.status === 'APPROVED', at: step.at };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const STATUS_COUNT = {
  RECEIVED: 'inProgress',
  APPROVED: 'inProgress',
  IN_REVIEW: 'inReview',
  ISSUED: 'issued',
  REJECTED: 'rejected',
  EXPIRED: 'expired',
  FAILED: 'failed',
} as const satisfies Record<Submission['status'], keyof SubmissionCounts>;

/** The counts, approval rate and median time to decision of a set of submissions. */
export function summarize(submissions: readonly Submission[]): SubmissionCounts {
  const counts = { received: submissions.length, inProgress: 0, inReview: 0, issued: 0, rejected: 0, expired: 0, failed: 0 };
  const decided: number[] = [];
  let approved = 0;
  for (const submission of submissions) {
    counts[STATUS_COUNT[submission.status]]++;
    const decision = decisionOf(submission);
    if (!decision) continue;
    if (decision.approved) approved++;
    decided.push((Date.parse(decision.at) - Date.parse(submission.receivedAt)) / 1000);
  }
  const middle = median(decided);
  return {
    ...counts,
    approvalRate: decided.length ? Math.round((approved / decided.length) * 10_000) / 10_000 : null,
    medianSecondsToDecision: middle === null ? null : Math.round(middle),
  };
}

/** Every achievement that can have submissions (published or retired; a draft never published cannot), by id. */
export async function reportedAchievements(store: Store): Promise<{ id: string; name: string }[]> {
  const byId = new Map<string, string>();
  for (const listing of await store.achievements.list()) {
    if (listing.status !== 'draft') byId.set(listing.id, listing.name);
  }
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.id.localeCompare(b.id));
}

/** How many achievements' partitions are read at once. */
const PARALLEL_READS = 8;

export async function summaryReport(store: Store, window: Window): Promise<SummaryReport> {
  const achievements = await reportedAchievements(store);
  const rows: AchievementSummary[] = [];
  const all: Submission[] = [];
  for (let i = 0; i < achievements.length; i += PARALLEL_READS) {
    const batch = achievements.slice(i, i + PARALLEL_READS);
    const read = await Promise.all(batch.map((a) => store.submissions.listByAchievement(a.id, window)));
    batch.forEach((achievement, j) => {
      rows.push({ achievementId: achievement.id, name: achievement.name, ...summarize(read[j]!) });
      all.push(...read[j]!);
    });
  }
  return { ...window, achievements: rows, totals: summarize(all) };
}

/** The CSV columns, in order: the JSON row's fields. */
export const CSV_COLUMNS = [
  'achievementId',
  'name',
  'received',
  'inProgress',
  'inReview',
  'issued',
  'rejected',
  'expired',
  'failed',
  'approvalRate',
  'medianSecondsToDecision',
] as const satisfies readonly (keyof AchievementSummary)[];

/** One row per achievement under a header row; a null rate or median is an empty field. */
export function summaryCsv(report: SummaryReport): string {
  return formatCsv([CSV_COLUMNS, ...report.achievements.map((row) => CSV_COLUMNS.map((column) => String(row[column] ?? '')))]);
}

/** CSV when `format=csv`, or when the Accept header names text/csv and `format` does not say json. */
function wantsCsv(query: SummaryQuery, accept: string | undefined): boolean {
  if (query.format) return query.format === 'csv';
  return (accept ?? '').split(',').some((type) => type.split(';')[0]!.trim().toLowerCase() === 'text/csv');
}

export const reportRoutes: AdminRoutes = {
  'GET /admin/reports/summary': {
    action: 'report.read',
    summary: 'Per achievement: submissions received in [from, to), by status, approval rate and median time to decision (JSON, or CSV with Accept: text/csv)',
    request: { query: SummaryQuery },
    async handle({ deps, query, request }): Promise<HttpResponse> {
      const parsed = parseWith(SummaryQuery, query, 'report query');
      const report = await summaryReport(deps.store, reportWindow(parsed, deps.clock.now()));
      if (!wantsCsv(parsed, header(request, 'accept'))) return json(200, report, { Vary: 'Accept' });
      const name = `tessera-summary-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv`;
      return {
        statusCode: 200,
        headers: {
          'Content-Type': 'text/csv; charset=utf-8; header=present',
          'Content-Disposition': `attachment; filename="${name}"`,
          'Cache-Control': 'no-store',
          Vary: 'Accept',
        },
        body: summaryCsv(report),
      };
    },
  },
};
