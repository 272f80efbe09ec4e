// Server render time of the console's pages (functions/console): the HTML a page builds from data
// it already holds, without the store. Issue 10 asks for a median under 5 ms per page.
// Run: npx tsx bench/console-render.ts   (exits 1 when a page's median is 5 ms or more)
import { performance } from 'node:perf_hooks';
import type { Achievement, Submission } from '@tessera/core';
import { translator } from '@tessera/i18n';
import type { ConsoleSession } from '@tessera/store';
import { achievementForm } from '../functions/console/catalogue.ts';
import { consolePage, type PageContext } from '../functions/console/layout.ts';
import { reportBody, weeklyIssued, type ConsoleReport } from '../functions/console/reports.ts';
import { queuePage, type QueueItem } from '../functions/console/reviews.ts';
import { sourceBody, type SourcePageData } from '../functions/console/sources.ts';
import type { SignedInCall } from '../functions/console/router.ts';
import { h } from '@tessera/core';
import { ms, summarize } from './stats.ts';

const BUDGET_MS = 5;
const RUNS = 500;

const session: ConsoleSession = {
  tokenHash: 'x',
  actorId: 'u1',
  roles: ['admin'],
  email: 'qa@example.edu',
  name: 'Quinn',
  via: 'token',
  createdAt: '2026-12-03T10:00:00Z',
  expiresAt: '2026-12-03T18:00:00Z',
};
const achievement = {
  id: 'data',
  issuerId: 'uni',
  name: 'Data Literacy Foundations',
  description: 'Reads data.',
  criteria: { narrative: 'Completed the four modules and passed the final assessment.' },
} as Achievement;
const submission = (i: number): Submission =>
  ({
    id: `sub-${i}`,
    achievementId: 'data',
    recipient: { email: `learner${i}@example.org`, name: `Learner ${i}` },
    evidence: [{ name: 'Final assessment', narrative: 'Scored 86%.', url: 'https://lms.example.edu/a/1' }],
    receivedAt: '2026-12-01T10:00:00Z',
    history: [{ at: '2026-12-01T10:00:00Z', status: 'ISSUED' }],
    status: 'IN_REVIEW',
  }) as unknown as Submission;

function page(lang: 'en' | 'fr'): PageContext {
  return { t: translator(lang), path: '/console/reviews', csrf: 'c'.repeat(43), session };
}

const queue: QueueItem[] = Array.from({ length: 25 }, (_, i) => ({ submission: submission(i), achievement, reviews: [], deadline: '2026-12-10T10:00:00Z' }));
const window = { from: '2025-12-03T00:00:00.000Z', to: '2026-12-03T00:00:00.000Z' };
const report: ConsoleReport = {
  ...window,
  achievements: Array.from({ length: 12 }, (_, i) => ({
    achievementId: `a${i}`,
    name: `Achievement ${i}`,
    received: 40,
    inProgress: 1,
    inReview: 3,
    issued: 30,
    rejected: 4,
    expired: 2,
    failed: 0,
    approvalRate: 0.88,
    medianSecondsToDecision: 7200 * (i + 1),
    decided: 34,
  })),
  totals: { received: 480, inProgress: 12, inReview: 36, issued: 360, rejected: 48, expired: 24, failed: 0, approvalRate: 0.88, medianSecondsToDecision: 7200 },
  weekly: weeklyIssued(
    Array.from({ length: 360 }, (_, i) => submission(i)),
    window,
  ),
  events: Array.from({ length: 6 }, (_, i) => ({
    sourceId: `lms-${i}`,
    name: `LMS ${i}`,
    counts: { accepted: 300, duplicate: 12, ignored: 40, unresolved: 5, refused: 2 },
    total: 359,
  })),
};

const OUTCOMES = ['accepted', 'duplicate', 'ignored', 'unresolved'] as const;
const sourcePage: SourcePageData = {
  view: { id: 'northfield-moodle', kind: 'moodle', name: 'Northfield Moodle', rules: [{ course: 'DATA101', achievementId: 'data', minScore: 0.6 }] },
  webhookUrl: 'https://badges.example.edu/webhooks/northfield-moodle',
  filter: { query: { limit: 200 }, values: { outcome: '', from: '' }, errors: [] },
  log: {
    sourceId: 'northfield-moodle',
    counts: { accepted: 150, duplicate: 50, ignored: 50, unresolved: 50, refused: 0 },
    total: 300,
    events: Array.from({ length: 200 }, (_, i) => ({
      receivedAt: '2026-12-01T10:00:00.000Z',
      deliveryId: `d${i}`,
      key: `mdl-${i}`,
      type: 'core_course_completed',
      outcome: OUTCOMES[i % 4]!,
      ...(i % 4 === 0 ? { submissionId: `sub_${i}`, achievementId: 'data' } : { reason: 'no e-mail for LMS user 42: add it to the learner directory' }),
    })),
    truncated: { shown: 200, of: 300, hint: '' },
  },
  replay: { values: {}, errors: [] },
};

const pages: Record<string, (lang: 'en' | 'fr') => string> = {
  'sign-in': (lang) => consolePage({ ...page(lang), session: undefined }, 'Sign in', h`<form method="post"><input name="token"></form>`),
  'review queue (25)': (lang) => {
    const call = { t: translator(lang), page: page(lang), deps: { clock: { now: () => new Date('2026-12-03T10:00:00Z') } } } as unknown as SignedInCall;
    return queuePage(call, queue, 'data', new Map([['data', achievement.name]])).body;
  },
  'reports (12 achievements, 6 sources)': (lang) => consolePage(page(lang), 'Reports', reportBody(translator(lang), report, '')),
  "a source's events (200)": (lang) => consolePage(page(lang), 'Northfield Moodle', sourceBody(page(lang), sourcePage)),
  'achievement form': (lang) =>
    consolePage(
      page(lang),
      'New achievement',
      achievementForm(page(lang), translator(lang), '/console/achievements', { reviewPolicy: 'manual' }, [{ path: 'name', message: 'required' }], true),
    ),
};

let failed = false;
console.log(`console page render, ${RUNS} runs each (after 50 warm-up runs), per language`);
for (const [name, render] of Object.entries(pages)) {
  for (const lang of ['en', 'fr'] as const) {
    for (let i = 0; i < 50; i++) render(lang);
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      bytes = render(lang).length;
      times.push(performance.now() - start);
    }
    const s = summarize(times);
    const over = s.p50 >= BUDGET_MS;
    failed ||= over;
    console.log(`${over ? '✗' : '✓'} ${`${name} [${lang}]`.padEnd(42)} median ${ms(s.p50).padStart(8)}  p99 ${ms(s.p99).padStart(8)}  ${(bytes / 1024).toFixed(1)} KiB`);
  }
}
process.exit(failed ? 1 : 0);
