// Reports: the admin API's summary (functions/catalogue/reports.ts: the same window rules, the same
// counts, rates and medians) as charts with their tables, plus credentials issued per week; both as
// CSV downloads. Each achievement's submissions in the window are read once (a GSI2 query each).
import { formatCsv } from '@tessera/catalogue';
import { h, ValidationError, type ErrorDetail, type Submission } from '@tessera/core';
import type { Translator } from '@tessera/i18n';
import { decisionOf, reportedAchievements, summarize, summaryCsv, type AchievementSummary, type SummaryReport, type Window } from '../catalogue/reports.ts';
import type { Dependencies } from '../shared/dependencies.ts';
import type { HttpResponse } from '../shared/http.ts';
import { columns, horizontalBars } from './charts.ts';
import { formatNumber } from './format.ts';
import { ok, type ConsoleRoute, type SignedInCall } from './router.ts';
import { fieldError, windowOf } from './submissions.ts';

export type WeeklyIssued = { weekStart: string; week: number; issued: number };
/** The summary's row, with how many submissions a decision was taken on (the approval rate's base). */
export type ReportRow = AchievementSummary & { decided: number };
export type ConsoleReport = Omit<SummaryReport, 'achievements'> & { achievements: ReportRow[]; weekly: WeeklyIssued[] };

/** Monday 00:00 UTC of the ISO week `iso` falls in, and that week's number. */
export function isoWeek(iso: string): { weekStart: string; week: number } {
  const date = new Date(iso);
  const day = (date.getUTCDay() + 6) % 7; // Monday 0
  const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day));
  const thursday = new Date(monday.getTime() + 3 * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return { weekStart: monday.toISOString().slice(0, 10), week: Math.floor((thursday.getTime() - yearStart) / 86_400_000 / 7) + 1 };
}

/** When a submission's credential was issued: its ISSUED step. */
const issuedAt = (s: Submission) => s.history.find((e) => e.status === 'ISSUED')?.at;

/** Credentials issued per ISO week, every week of the window (empty weeks count 0), oldest first. */
export function weeklyIssued(submissions: readonly Submission[], window: Window): WeeklyIssued[] {
  const weeks = new Map<string, WeeklyIssued>();
  for (let t = Date.parse(isoWeek(window.from).weekStart); t < Date.parse(window.to); t += 7 * 86_400_000) {
    const week = isoWeek(new Date(t).toISOString());
    weeks.set(week.weekStart, { ...week, issued: 0 });
  }
  for (const submission of submissions) {
    const at = issuedAt(submission);
    if (!at) continue;
    const week = isoWeek(at);
    const entry = weeks.get(week.weekStart) ?? { ...week, issued: 0 };
    entry.issued++;
    weeks.set(week.weekStart, entry);
  }
  return [...weeks.values()].sort((a, b) => a.weekStart.localeCompare(b.weekStart));
}

export async function consoleReport(deps: Pick<Dependencies, 'store'>, window: Window): Promise<ConsoleReport> {
  const achievements = await reportedAchievements(deps.store);
  const rows: ReportRow[] = [];
  const all: Submission[] = [];
  for (const achievement of achievements) {
    const submissions = await deps.store.submissions.listByAchievement(achievement.id, window);
    rows.push({ achievementId: achievement.id, name: achievement.name, ...summarize(submissions), decided: submissions.filter((s) => decisionOf(s)).length });
    all.push(...submissions);
  }
  return { ...window, achievements: rows, totals: summarize(all), weekly: weeklyIssued(all, window) };
}

const percent = (t: Translator, rate: number | null) => (rate === null ? '—' : formatNumber(t, rate, { style: 'percent', maximumFractionDigits: 1 }));
const hours = (t: Translator, seconds: number | null) =>
  seconds === null ? '—' : t.t('console.hoursValue', { hours: formatNumber(t, seconds / 3600, { maximumFractionDigits: 1 }) });

function chart(id: string, title: string, svg: ReturnType<typeof h>, table: ReturnType<typeof h>) {
  return h`<section class="card" aria-labelledby="${id}-heading"><h2 id="${id}-heading">${title}</h2><div class="chart"><figure>${svg}</figure>${table}</div></section>`;
}

export function reportBody(t: Translator, report: ConsoleReport, query: string) {
  const decided = report.achievements.filter((a) => a.approvalRate !== null);
  const weekly = chart(
    'weekly',
    t.t('console.chartWeekly'),
    columns(
      'weekly-chart',
      t.t('console.chartWeekly'),
      t.t('console.chartWeeklyDesc', { total: report.weekly.reduce((n, w) => n + w.issued, 0) }),
      report.weekly.map((w) => ({ label: `W${w.week}`, value: w.issued, shown: formatNumber(t, w.issued) })),
    ),
    h`<table><caption>${t.t('console.chartWeekly')}</caption><thead><tr><th scope="col">${t.t('console.weekOf')}</th><th scope="col" class="num">${t.t('console.issued')}</th></tr></thead>
<tbody>${report.weekly.map((w) => h`<tr><th scope="row">W${w.week} · ${t.date(w.weekStart)}</th><td class="num">${formatNumber(t, w.issued)}</td></tr>`)}</tbody></table>`,
  );
  const approval = chart(
    'approval',
    t.t('console.chartApproval'),
    horizontalBars(
      'approval-chart',
      t.t('console.chartApproval'),
      t.t('console.chartApprovalDesc'),
      decided.map((a) => ({ label: a.name, value: (a.approvalRate ?? 0) * 100, shown: percent(t, a.approvalRate) })),
      100,
    ),
    h`<table><caption>${t.t('console.chartApproval')}</caption><thead><tr><th scope="col">${t.t('console.filterAchievement')}</th><th scope="col" class="num">${t.t('console.decided')}</th><th scope="col" class="num">${t.t('console.approvalRate')}</th></tr></thead>
<tbody>${report.achievements.map((a) => h`<tr><th scope="row">${a.name}</th><td class="num">${formatNumber(t, a.decided)}</td><td class="num">${percent(t, a.approvalRate)}</td></tr>`)}</tbody></table>`,
  );
  const median = chart(
    'median',
    t.t('console.chartMedian'),
    horizontalBars(
      'median-chart',
      t.t('console.chartMedian'),
      t.t('console.chartMedianDesc'),
      decided.map((a) => ({ label: a.name, value: (a.medianSecondsToDecision ?? 0) / 3600, shown: hours(t, a.medianSecondsToDecision) })),
    ),
    h`<table><caption>${t.t('console.chartMedian')}</caption><thead><tr><th scope="col">${t.t('console.filterAchievement')}</th><th scope="col" class="num">${t.t('console.medianTime')}</th></tr></thead>
<tbody>${report.achievements.map((a) => h`<tr><th scope="row">${a.name}</th><td class="num">${hours(t, a.medianSecondsToDecision)}</td></tr>`)}</tbody></table>`,
  );
  const expired = chart(
    'expired',
    t.t('console.chartExpired'),
    horizontalBars(
      'expired-chart',
      t.t('console.chartExpired'),
      t.t('console.chartExpiredDesc', { total: report.totals.expired }),
      report.achievements.map((a) => ({ label: a.name, value: a.expired, shown: formatNumber(t, a.expired) })),
    ),
    h`<table><caption>${t.t('console.chartExpired')}</caption><thead><tr><th scope="col">${t.t('console.filterAchievement')}</th><th scope="col" class="num">${t.t('console.expired')}</th></tr></thead>
<tbody>${report.achievements.map((a) => h`<tr><th scope="row">${a.name}</th><td class="num">${formatNumber(t, a.expired)}</td></tr>`)}</tbody></table>`,
  );
  // LEAD-MERGE: events by outcome per source, from the lms-core branch's events log.
  const events = h`<section class="card todo" data-lead-merge="events-by-source" aria-labelledby="events-heading"><h2 id="events-heading">${t.t('console.chartEvents')}</h2><p>${t.t('console.chartEventsTodo')}</p></section>`;
  return h`<p><a href="/console/reports/summary.csv${query}" download>${t.t('console.downloadSummary')}</a> · <a href="/console/reports/weekly.csv${query}" download>${t.t('console.downloadWeekly')}</a></p>${weekly}${approval}${median}${expired}${events}`;
}

function readWindow(call: SignedInCall): { window?: Window; errors: ErrorDetail[]; query: string } {
  const from = call.query.get('from') ?? '';
  const to = call.query.get('to') ?? '';
  const query = from || to ? `?${new URLSearchParams({ from, to })}` : '';
  try {
    const bad = [from, to].some((d) => d !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(d));
    if (bad)
      throw new ValidationError('dates must be YYYY-MM-DD', [{ path: /^\d{4}-\d{2}-\d{2}$/.test(from) || from === '' ? 'to' : 'from', message: call.t.t('console.badDate') }]);
    return { window: windowOf({ from, to }, call.deps.clock.now()), errors: [], query };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { errors: error.details.length ? error.details : [{ path: 'from', message: error.message }], query };
  }
}

async function reportsPage(call: SignedInCall): Promise<HttpResponse> {
  const { t, page } = call;
  const { window, errors, query } = readWindow(call);
  const from = fieldError(errors, 'from');
  const to = fieldError(errors, 'to');
  const form = h`<form method="get" action="/console/reports" class="filters">
<div><label for="from">${t.t('console.searchFrom')}</label><input type="date" id="from" name="from" value="${call.query.get('from') ?? ''}"${from.attributes}>${from.message}</div>
<div><label for="to">${t.t('console.searchTo')}</label><input type="date" id="to" name="to" value="${call.query.get('to') ?? ''}"${to.attributes}>${to.message}</div>
<div><button type="submit" class="primary">${t.t('console.filter')}</button></div></form>`;
  if (!window) return ok(page, t.t('console.reportsTitle'), form, 400);
  const report = await consoleReport(call.deps, window);
  return ok(
    page,
    t.t('console.reportsTitle'),
    h`${form}<p>${t.t('console.reportWindow', { from: t.date(report.from), to: t.date(report.to), received: report.totals.received })}</p>${reportBody(t, report, query)}`,
  );
}

function csv(name: string, body: string): HttpResponse {
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'text/csv; charset=utf-8; header=present', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' },
    body,
  };
}

async function csvDownload(call: SignedInCall, kind: 'summary' | 'weekly'): Promise<HttpResponse> {
  const { window } = readWindow(call);
  if (!window) throw new ValidationError(call.t.t('console.badDate'));
  const report = await consoleReport(call.deps, window);
  const name = `tessera-${kind}-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv`;
  if (kind === 'summary') return csv(name, summaryCsv(report));
  return csv(name, formatCsv([['weekStart', 'isoWeek', 'issued'], ...report.weekly.map((w) => [w.weekStart, String(w.week), String(w.issued)])]));
}

export const reportRoutes: ConsoleRoute[] = [
  { method: 'GET', path: '/reports', action: 'report.read', handle: (call) => reportsPage(call as SignedInCall) },
  { method: 'GET', path: '/reports/summary.csv', action: 'report.read', handle: (call) => csvDownload(call as SignedInCall, 'summary') },
  { method: 'GET', path: '/reports/weekly.csv', action: 'report.read', handle: (call) => csvDownload(call as SignedInCall, 'weekly') },
];
