// Reports: the admin API's summary (functions/catalogue/reports.ts: the same window rules, the same
// counts, rates and medians) as charts with their tables, plus credentials issued per week and each
// source's events by outcome (the events log's own counts); each as a CSV download. Each achievement's
// submissions in the window are read once (a GSI2 query each), each source's log once (a Query each).
import { formatCsv } from '@tessera/catalogue';
import { DELIVERY_OUTCOMES, h, ValidationError, type DeliveryOutcome, type ErrorDetail, type Submission } from '@tessera/core';
import type { Translator } from '@tessera/i18n';
import { decisionOf, reportedAchievements, summarize, summaryCsv, type AchievementSummary, type SummaryReport, type Window } from '../catalogue/reports.ts';
import type { Dependencies } from '../shared/dependencies.ts';
import type { HttpResponse } from '../shared/http.ts';
import { countSourceOutcomes, type OutcomeCounts } from '../catalogue/deliveries.ts';
import { columns, horizontalBars, stackedBars } from './charts.ts';
import { outcomeCells, outcomeHeaders, outcomeLabel } from './sources.ts';
import { ok, type ConsoleRoute, type SignedInCall } from './router.ts';
import { fieldError, windowOf } from './submissions.ts';

export type WeeklyIssued = { weekStart: string; week: number; issued: number };
/** The summary's row, with how many submissions a decision was taken on (the approval rate's base). */
export type ReportRow = AchievementSummary & { decided: number };
/** A source's events received in the window, by outcome. */
export type SourceOutcomes = { sourceId: string; name: string; counts: OutcomeCounts; total: number };
export type ConsoleReport = Omit<SummaryReport, 'achievements'> & { achievements: ReportRow[]; weekly: WeeklyIssued[]; events: SourceOutcomes[] };

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

/** Every source's events received in the window, counted by outcome, by source id. */
export async function eventsBySource(deps: Pick<Dependencies, 'store'>, window: Window): Promise<SourceOutcomes[]> {
  const sources = (await deps.store.webhookSources.list()).sort((a, b) => a.id.localeCompare(b.id));
  const rows: SourceOutcomes[] = [];
  for (const source of sources) {
    const counts = await countSourceOutcomes(deps, source.id, window);
    rows.push({ sourceId: source.id, name: source.name ?? source.id, counts, total: DELIVERY_OUTCOMES.reduce((n, o) => n + counts[o], 0) });
  }
  return rows;
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
  return { ...window, achievements: rows, totals: summarize(all), weekly: weeklyIssued(all, window), events: await eventsBySource(deps, window) };
}

/** Each outcome's colour: dark enough to stand out from the white page (3:1), told apart by the legend and the table. */
const OUTCOME_COLOURS: Record<DeliveryOutcome, string> = { accepted: '#1f6b37', duplicate: '#6a3d9a', ignored: '#5b6478', unresolved: '#b35c00', refused: '#a11d1d' };

const percent = (t: Translator, rate: number | null) => (rate === null ? '—' : t.number(rate, { style: 'percent', maximumFractionDigits: 1 }));
const hours = (t: Translator, seconds: number | null) => (seconds === null ? '—' : t.t('console.hoursValue', { hours: t.number(seconds / 3600, { maximumFractionDigits: 1 }) }));

/** A chart and its table side by side; `wide`: a table of many columns goes under the chart instead. */
function chart(id: string, title: string, svg: ReturnType<typeof h>, table: ReturnType<typeof h>, wide = false) {
  return h`<section class="card" aria-labelledby="${id}-heading"><h2 id="${id}-heading">${title}</h2><div class="chart${wide ? ' wide' : ''}"><figure>${svg}</figure>${table}</div></section>`;
}

export function reportBody(t: Translator, report: ConsoleReport, query: string) {
  const decided = report.achievements.filter((a) => a.approvalRate !== null);
  // With no decision yet, a chart would be a bare axis: say why there is none (its table says "—").
  const decisionsChart = (svg: () => ReturnType<typeof h>) => (decided.length ? svg() : h`<p class="chart-empty">${t.t('console.noDecisionsYet')}</p>`);
  const weekly = chart(
    'weekly',
    t.t('console.chartWeekly'),
    columns(
      'weekly-chart',
      t.t('console.chartWeekly'),
      t.t('console.chartWeeklyDesc', { total: report.weekly.reduce((n, w) => n + w.issued, 0) }),
      report.weekly.map((w) => ({ label: `W${w.week}`, value: w.issued, shown: t.number(w.issued) })),
    ),
    h`<table><caption>${t.t('console.chartWeekly')}</caption><thead><tr><th scope="col">${t.t('console.weekOf')}</th><th scope="col" class="num">${t.t('console.issued')}</th></tr></thead>
<tbody>${report.weekly.map((w) => h`<tr><th scope="row">W${w.week} · ${t.date(w.weekStart)}</th><td class="num">${t.number(w.issued)}</td></tr>`)}</tbody></table>`,
  );
  const approval = chart(
    'approval',
    t.t('console.chartApproval'),
    decisionsChart(() =>
      horizontalBars(
        'approval-chart',
        t.t('console.chartApproval'),
        t.t('console.chartApprovalDesc'),
        decided.map((a) => ({ label: a.name, value: (a.approvalRate ?? 0) * 100, shown: percent(t, a.approvalRate) })),
        100,
      ),
    ),
    h`<table><caption>${t.t('console.chartApproval')}</caption><thead><tr><th scope="col">${t.t('console.filterAchievement')}</th><th scope="col" class="num">${t.t('console.decided')}</th><th scope="col" class="num">${t.t('console.approvalRate')}</th></tr></thead>
<tbody>${report.achievements.map((a) => h`<tr><th scope="row">${a.name}</th><td class="num">${t.number(a.decided)}</td><td class="num">${percent(t, a.approvalRate)}</td></tr>`)}</tbody></table>`,
  );
  const median = chart(
    'median',
    t.t('console.chartMedian'),
    decisionsChart(() =>
      horizontalBars(
        'median-chart',
        t.t('console.chartMedian'),
        t.t('console.chartMedianDesc'),
        decided.map((a) => ({ label: a.name, value: (a.medianSecondsToDecision ?? 0) / 3600, shown: hours(t, a.medianSecondsToDecision) })),
      ),
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
      report.achievements.map((a) => ({ label: a.name, value: a.expired, shown: t.number(a.expired) })),
    ),
    h`<table><caption>${t.t('console.chartExpired')}</caption><thead><tr><th scope="col">${t.t('console.filterAchievement')}</th><th scope="col" class="num">${t.t('console.expired')}</th></tr></thead>
<tbody>${report.achievements.map((a) => h`<tr><th scope="row">${a.name}</th><td class="num">${t.number(a.expired)}</td></tr>`)}</tbody></table>`,
  );
  const eventsTotal = report.events.reduce((n, e) => n + e.total, 0);
  const events = chart(
    'events',
    t.t('console.chartEvents'),
    stackedBars(
      'events-chart',
      t.t('console.chartEvents'),
      t.t('console.chartEventsDesc', { total: eventsTotal }),
      DELIVERY_OUTCOMES.map((o) => ({ label: outcomeLabel(t, o), colour: OUTCOME_COLOURS[o] })),
      report.events.map((e) => ({ label: e.name, values: DELIVERY_OUTCOMES.map((o) => e.counts[o]), shown: t.number(e.total) })),
    ),
    h`<table><caption>${t.t('console.chartEvents')}</caption><thead><tr><th scope="col">${t.t('console.sourceColumn')}</th>${outcomeHeaders(t)}<th scope="col" class="num">${t.t('console.total')}</th></tr></thead>
<tbody>${report.events.map((e) => h`<tr><th scope="row">${e.name}</th>${outcomeCells(t, e.counts)}<td class="num">${t.number(e.total)}</td></tr>`)}</tbody></table>`,
    true,
  );
  return h`<p><a href="/console/reports/summary.csv${query}" download>${t.t('console.downloadSummary')}</a> · <a href="/console/reports/weekly.csv${query}" download>${t.t('console.downloadWeekly')}</a> · <a href="/console/reports/events.csv${query}" download>${t.t('console.downloadEvents')}</a></p>${weekly}${approval}${median}${expired}${events}`;
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
    // The window ends before `to` (the day after the date asked for, or now): people read the last day in it.
    h`${form}<p>${t.t('console.reportWindow', { from: t.date(report.from), to: t.date(new Date(Date.parse(report.to) - 1)), received: report.totals.received })}</p>${reportBody(t, report, query)}`,
  );
}

function csv(name: string, body: string): HttpResponse {
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'text/csv; charset=utf-8; header=present', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' },
    body,
  };
}

async function csvDownload(call: SignedInCall, kind: 'summary' | 'weekly' | 'events'): Promise<HttpResponse> {
  const { window } = readWindow(call);
  if (!window) throw new ValidationError(call.t.t('console.badDate'));
  const name = `tessera-${kind}-${window.from.slice(0, 10)}-${window.to.slice(0, 10)}.csv`;
  if (kind === 'events') {
    const events = await eventsBySource(call.deps, window);
    return csv(
      name,
      formatCsv([
        ['sourceId', 'name', ...DELIVERY_OUTCOMES, 'total'],
        ...events.map((e) => [e.sourceId, e.name, ...DELIVERY_OUTCOMES.map((o) => String(e.counts[o])), String(e.total)]),
      ]),
    );
  }
  const report = await consoleReport(call.deps, window);
  if (kind === 'summary') return csv(name, summaryCsv(report));
  return csv(name, formatCsv([['weekStart', 'isoWeek', 'issued'], ...report.weekly.map((w) => [w.weekStart, String(w.week), String(w.issued)])]));
}

export const reportRoutes: ConsoleRoute[] = [
  { method: 'GET', path: '/reports', action: 'report.read', handle: (call) => reportsPage(call as SignedInCall) },
  { method: 'GET', path: '/reports/summary.csv', action: 'report.read', handle: (call) => csvDownload(call as SignedInCall, 'summary') },
  { method: 'GET', path: '/reports/weekly.csv', action: 'report.read', handle: (call) => csvDownload(call as SignedInCall, 'weekly') },
  { method: 'GET', path: '/reports/events.csv', action: 'report.read', handle: (call) => csvDownload(call as SignedInCall, 'events') },
];
