// `npm run audit` fails on high or critical advisories in production dependencies, passes when
// there are none, and skips (never fails) when the advisory endpoint does not answer.
import { describe, expect, it } from 'vitest';
import { auditVerdict } from '../../scripts/audit.ts';

const report = (counts: Record<string, number>, vulnerabilities: Record<string, unknown> = {}) =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...counts } } });

describe('auditVerdict', () => {
  it('passes when no high or critical advisory is reported', () => {
    expect(auditVerdict(report({ moderate: 2, total: 2 }))).toEqual({ outcome: 'pass', message: 'npm audit: no high or critical advisories in production dependencies (2 lower)' });
  });

  it('fails on a high advisory, naming the package', () => {
    const verdict = auditVerdict(
      report({ high: 1, total: 1 }, { 'left-pad': { name: 'left-pad', severity: 'high', via: [{ title: 'Prototype pollution', url: 'https://github.com/advisories/GHSA-x' }] } }),
    );
    expect(verdict.outcome).toBe('fail');
    expect(verdict.message).toContain('left-pad (high): Prototype pollution https://github.com/advisories/GHSA-x');
  });

  it('skips with a clear message when the advisory endpoint answers with an error', () => {
    const answer = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '' },
    });
    expect(auditVerdict(answer)).toEqual({
      outcome: 'skip',
      message:
        "npm audit: SKIPPED, the advisory endpoint did not answer (405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk). Nothing was checked; run `npm run audit` where the npm registry's advisory endpoint is reachable.",
    });
  });

  it('skips when npm printed no JSON at all (offline)', () => {
    expect(auditVerdict('').outcome).toBe('skip');
  });
});
