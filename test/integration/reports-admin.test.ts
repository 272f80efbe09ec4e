// The summary report and the OpenAPI document over the real local stack (HTTP, DynamoDB Local, the
// local workflow): submissions decided by a reviewer's link, counted per achievement, as JSON and CSV.
import { parseCsv } from '@tessera/catalogue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isReviewRequest, waitForMail } from '../support/mail.ts';
import { awardRequest, reviewLinkIn, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

let tessera: TestTessera;
/** Submission ids by how they end here. */
const submitted: Record<'approved' | 'rejected' | 'waiting', string> = { approved: '', rejected: '', waiting: '' };
let startedAt: Date;

/** `token: null` sends none. */
async function get(path: string, token: string | null = tessera.adminToken, headers: Record<string, string> = {}) {
  const response = await fetch(`${tessera.url}${path}`, { headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}
// A test reads whatever field it checks; expect() does the type checking.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const jsonOf = (response: { text: string }) => JSON.parse(response.text) as Record<string, any>;

async function userWith(role: string): Promise<string> {
  const response = await fetch(`${tessera.url}/admin/users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tessera.adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: `${role}-${Date.now()}@demo-university.example`, name: role, roles: [role] }),
  });
  return ((await response.json()) as { token: string }).token;
}

/** Posts an award for the demo achievement (manual review) and decides it through the mailed link, or leaves it waiting. */
async function award(learner: string, decision?: 'approve' | 'reject'): Promise<string> {
  const { submissionId } = (await (await tessera.postAward(awardRequest({ recipient: { email: `${learner.toLowerCase()}@example.org`, name: learner } }))).json()) as {
    submissionId: string;
  };
  const mail = await waitForMail(tessera.mails, isReviewRequest(learner), `the review mail for ${learner}`, { timeoutMs: 30_000 });
  if (decision) {
    const decided = await fetch(reviewLinkIn(mail), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `decision=${decision}` });
    expect(decided.status).toBe(200);
  }
  return submissionId;
}

beforeAll(async () => {
  tessera = await startTestTessera();
  startedAt = new Date();
  submitted.approved = await award('Ada', 'approve');
  submitted.rejected = await award('Brendan', 'reject');
  submitted.waiting = await award('Cleo');
  await tessera.waitForStatus(submitted.approved, ['ISSUED']);
  await tessera.waitForStatus(submitted.rejected, ['REJECTED']);
}, 180_000);
afterAll(() => tessera?.close());

const windowAroundNow = () => `from=${new Date(startedAt.getTime() - 60_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;

describe('GET /admin/reports/summary', () => {
  it('counts the window’s submissions of each achievement by status, with the approval rate and the median time to decision', async () => {
    // Act
    const response = await get(`/admin/reports/summary?${windowAroundNow()}`);

    // Assess
    expect(response.status).toBe(200);
    const report = jsonOf(response);
    const demo = report.achievements.find((row: { achievementId: string }) => row.achievementId === 'demo-data-literacy');
    expect(demo).toMatchObject({ name: 'Data Literacy Foundations', received: 3, inProgress: 0, inReview: 1, issued: 1, rejected: 1, expired: 0, failed: 0, approvalRate: 0.5 });
    // Each decision came from the reviewer's decidedAt, a few seconds at most after receipt here.
    const decided = await Promise.all([submitted.approved, submitted.rejected].map((id) => tessera.submission(id)));
    const seconds = decided.map((s) => (Date.parse(s!.review!.decidedAt) - Date.parse(s!.receivedAt)) / 1000);
    expect(demo.medianSecondsToDecision).toBe(Math.round((seconds[0]! + seconds[1]!) / 2));
    expect(report.totals).toMatchObject({ received: 3, issued: 1, rejected: 1, inReview: 1, approvalRate: 0.5 });
  });

  it('counts nothing outside the window', async () => {
    const response = await get('/admin/reports/summary?from=2026-01-01&to=2026-02-01');
    expect(response.status).toBe(200);
    const demo = jsonOf(response).achievements.find((row: { achievementId: string }) => row.achievementId === 'demo-data-literacy');
    expect(demo).toMatchObject({ received: 0, approvalRate: null, medianSecondsToDecision: null });
  });

  it('answers the same rows as RFC 4180 CSV with a header row on Accept: text/csv', async () => {
    // Act
    const path = `/admin/reports/summary?${windowAroundNow()}`;
    const csv = await get(path, tessera.adminToken, { Accept: 'text/csv' });
    const json = jsonOf(await get(path));

    // Assess
    expect(csv.status).toBe(200);
    expect(csv.contentType).toMatch(/^text\/csv/);
    expect(csv.text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(csv.text).map((r) => r.fields);
    expect(header).toEqual(['achievementId', 'name', 'received', 'inProgress', 'inReview', 'issued', 'rejected', 'expired', 'failed', 'approvalRate', 'medianSecondsToDecision']);
    expect(rows).toEqual(json.achievements.map((row: Record<string, unknown>) => header!.map((column) => String(row[column] ?? ''))));
  });

  it('refuses a bad window with 400 naming the field', async () => {
    const notADate = await get('/admin/reports/summary?from=yesterday');
    expect(notADate.status).toBe(400);
    expect(jsonOf(notADate)).toMatchObject({ error: 'invalid_request', details: [expect.objectContaining({ path: 'from' })] });
    const backwards = await get('/admin/reports/summary?from=2026-11-02&to=2026-11-01');
    expect(backwards.status).toBe(400);
    expect(jsonOf(backwards).details).toEqual([{ path: 'from', message: 'must be before to' }]);
    expect((await get('/admin/reports/summary?window=7d')).status).toBe(400);
  });

  it('is read by a qa-manager or an auditor; a designer is refused with the roles that may', async () => {
    expect((await get('/admin/reports/summary', await userWith('auditor'))).status).toBe(200);
    expect((await get('/admin/reports/summary', await userWith('qa-manager'))).status).toBe(200);
    const refused = await get('/admin/reports/summary', await userWith('designer'));
    expect(refused.status).toBe(403);
    expect(jsonOf(refused)).toMatchObject({ error: 'forbidden', roles: ['admin', 'qa-manager', 'auditor'] });
    expect((await get('/admin/reports/summary', null)).status).toBe(401);
  });
});

describe('GET /admin/openapi.json', () => {
  it('serves the generated document to any admin role, naming this server, and nothing to a caller without a token', async () => {
    // Act
    const response = await get('/admin/openapi.json', await userWith('registrar'));

    // Assess
    expect(response.status).toBe(200);
    const document = jsonOf(response);
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: tessera.url }]);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/admin/reports/summary', '/admin/openapi.json', '/admin/users']));
    expect((await get('/admin/openapi.json', null)).status).toBe(401);
  });
});
