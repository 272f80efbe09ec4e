// Server render time of the earner-facing pages and mails (no I/O: the HTML from data in memory).
// `npx tsx bench/pages.ts`; each must stay under 5 ms median (issue 10). Exits 1 when one does not.
import type { CredentialRecord } from '@tessera/core';
import { credentialIssuedMail, renderBadgePage } from '@tessera/issuance';
import { earnerPage, signInPage } from '../functions/earner/page.ts';
import { ms, summarize, table } from './stats.ts';

const BASE = 'https://badges.uni.example';
const record: CredentialRecord = {
  id: '7f9c2a4e-1111-4222-8333-944455556666',
  submissionId: 'sub-1',
  issuerId: 'uni',
  achievementId: 'data',
  recipientHash: 'sha256$00',
  url: `${BASE}/credentials/7f9c2a4e-1111-4222-8333-944455556666.json`,
  issuedAt: '2026-03-14T10:00:00Z',
  status: 'ACTIVE',
  visibility: { showName: true, evidence: [0] },
  credential: {
    validFrom: '2026-03-14T10:00:00Z',
    validUntil: '2028-03-14T10:00:00Z',
    issuer: { id: 'did:web:badges.uni.example', name: 'Uni', url: 'https://uni.example' },
    credentialSubject: {
      achievement: {
        name: 'Data Literacy Foundations',
        description: 'Reads, questions and communicates with data.',
        criteria: { narrative: 'Passed the final assessment with at least 70%.' },
        alignment: Array.from({ length: 6 }, (_, i) => ({ targetName: `Skill ${i}`, targetUrl: `https://digcomp.example/${i}`, targetFramework: 'DigComp 2.2' })),
        learningOutcomes: ['Summarises a data set', 'Chooses a fitting chart', 'Communicates uncertainty'],
        workloadHours: 28,
        creditsAvailable: 1,
        assessmentType: 'Final online assessment',
        participationForm: 'online',
        qualityAssurance: 'Internal QA',
      },
    },
    evidence: [{ type: ['Evidence'], id: 'https://lms.example/a/1', name: 'Final assessment', narrative: 'Scored 86%.' }],
  },
};
const submission = {
  id: 'sub-1',
  sourceId: 'lms',
  eventId: 'e',
  achievementId: 'data',
  issuerId: 'uni',
  recipient: { email: 'ada@example.org', name: 'Ada Learner' },
  evidence: [],
  occurredAt: '2026-03-01T00:00:00Z',
  receivedAt: '2026-03-01T00:00:00Z',
  status: 'ISSUED' as const,
  history: [],
};
const session = { email: 'ada@example.org', sessionToken: 'x'.repeat(43), csrfToken: 'y'.repeat(43) };
const views = Array.from({ length: 10 }, (_, i) => ({
  record: { ...record, id: `${record.id.slice(0, -2)}${String(i).padStart(2, '0')}` },
  name: `Credential ${i}`,
  status: 'ACTIVE' as const,
  evidence: [{ index: 0, label: 'Final assessment' }],
}));

const pages: Record<string, () => string> = {
  'badge page (en)': () => renderBadgePage({ record, issuer: { name: 'Uni' }, earnerName: 'Ada Learner', publicBaseUrl: BASE }),
  'badge page (fr)': () => renderBadgePage({ record, issuer: { name: 'Uni', language: 'fr' }, earnerName: 'Ada Learner', publicBaseUrl: BASE }),
  '/me sign-in': () => signInPage('en', { sent: true }),
  '/me, 10 credentials': () =>
    earnerPage('en', { session, earnerName: 'Ada Learner', credentials: views, progress: [{ stackId: 's', name: 'Junior analyst', held: 2, required: 3, complete: false }] }),
  'issued mail': () =>
    credentialIssuedMail({
      submission,
      achievement: { name: 'Data Literacy' },
      issuer: { name: 'Uni', url: 'https://uni.example' },
      credential: { id: record.id, issuedAt: record.issuedAt },
      publicBaseUrl: BASE,
    }).html,
};

const RUNS = 2000;
const rows: string[][] = [];
let over = false;
for (const [name, render] of Object.entries(pages)) {
  for (let i = 0; i < 200; i++) render(); // warm: compiled messages, JIT
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    render();
    times.push(performance.now() - start);
  }
  const s = summarize(times);
  if (s.p50 >= 5) over = true;
  rows.push([name, ms(s.p50), ms(s.p99), ms(s.max)]);
}
console.log(table(['page', 'median', 'p99', 'max'], rows));
if (over) {
  console.error('a page renders in 5 ms or more (median)');
  process.exit(1);
}
