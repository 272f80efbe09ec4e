// Issue 12's call budget: a badge under the auto policy, webhook → ISSUED, costs the handlers at most
// six DynamoDB calls. Counted the way the bench counts them (bench/db-calls.ts wraps the SDK client's
// send); the local journal's records (sort key EXECUTION) stand in for Step Functions' own history
// and are counted apart. A call count, not a timing: the same on a loaded machine as on a quiet one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDynamoDbCalls, dynamoDbCallsSnapshot, JOURNAL } from '../../bench/db-calls.ts';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

const BADGES = 4;
const BUDGET_PER_BADGE = 6;

let tessera: TestTessera;
beforeAll(async () => {
  countDynamoDbCalls();
  tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' } });
}, 120_000);
afterAll(async () => {
  await tessera?.close();
});

/** Posts one award and waits for its execution to end, without reading the table (that would count). */
async function issueOne(): Promise<string> {
  const response = await tessera.postAward(awardRequest());
  expect(response.status).toBe(202);
  const { submissionId } = (await response.json()) as { submissionId: string };
  await tessera.workflow.idle();
  return submissionId;
}

describe('DynamoDB calls per badge, auto policy, webhook → ISSUED', () => {
  it(`stay within ${BUDGET_PER_BADGE} for the handlers (the local journal apart)`, async () => {
    // Prepare: one badge first, so what happens once per process (the DID document, the first status
    // list, the caches of the source and the achievement) is not counted against a badge.
    await issueOne();
    const stop = dynamoDbCallsSnapshot();

    // Act
    const ids: string[] = [];
    for (let i = 0; i < BADGES; i++) ids.push(await issueOne());
    const calls = await stop();

    // Assess
    for (const id of ids) expect((await tessera.submission(id))?.status, id).toBe('ISSUED');
    const handlerCalls = Object.entries(calls)
      .filter(([name]) => !name.startsWith(JOURNAL))
      .reduce((sum, [, n]) => sum + n, 0);
    expect(handlerCalls / BADGES, JSON.stringify(calls)).toBeLessThanOrEqual(BUDGET_PER_BADGE);
    // Which calls went: CheckEvidence's read and the Approve step's write. Left: Notify's one read, and
    // the intake's, the release's (credential + approval) transactions, its index and ISSUED updates.
    expect(calls.Get ?? 0, JSON.stringify(calls)).toBeLessThanOrEqual(BADGES);
    expect(calls.Update ?? 0, JSON.stringify(calls)).toBeLessThanOrEqual(2 * BADGES);
  });
});
