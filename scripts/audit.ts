// `npm run audit`: npm's advisory check of the production dependencies, failing on high or
// critical advisories. Where the registry's advisory endpoint does not answer (an offline
// machine, a mirror or proxy without it), it says so and skips: no answer is not a failure.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export type AuditVerdict = { outcome: 'pass' | 'fail' | 'skip'; message: string };

type Advisory = { title?: string; url?: string };
type Vulnerability = { name?: string; severity?: string; via?: (Advisory | string)[] };
type Report = { vulnerabilities?: Record<string, Vulnerability>; metadata?: { vulnerabilities?: Record<string, number> }; message?: string };

const BLOCKING = ['high', 'critical'];

/** Reads `npm audit --json` output. */
export function auditVerdict(stdout: string): AuditVerdict {
  let report: Report | undefined;
  try {
    report = JSON.parse(stdout) as Report;
  } catch {
    report = undefined;
  }
  const counts = report?.metadata?.vulnerabilities;
  if (!report || !counts) {
    const why = report?.message ?? 'no report';
    return {
      outcome: 'skip',
      message: `npm audit: SKIPPED, the advisory endpoint did not answer (${why}). Nothing was checked; run \`npm run audit\` where the npm registry's advisory endpoint is reachable.`,
    };
  }
  const blocking = Object.values(report.vulnerabilities ?? {}).filter((v) => BLOCKING.includes(v.severity ?? ''));
  const blockingCount = BLOCKING.reduce((sum, level) => sum + (counts[level] ?? 0), 0);
  if (blockingCount === 0) {
    const lower = (counts.total ?? 0) - blockingCount;
    return { outcome: 'pass', message: `npm audit: no high or critical advisories in production dependencies${lower ? ` (${lower} lower)` : ''}` };
  }
  const lines = blocking.map((v) => {
    const advisories = (v.via ?? []).filter((a): a is Advisory => typeof a === 'object').map((a) => [a.title, a.url].filter(Boolean).join(' '));
    return `  ${v.name} (${v.severity}): ${advisories.join('; ') || 'through a dependency'}`;
  });
  return {
    outcome: 'fail',
    message: `npm audit: ${blockingCount} high or critical advisories in production dependencies:\n${lines.join('\n')}\nRun \`npm audit --omit=dev\` for details.`,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const npm = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { encoding: 'utf8', timeout: 120_000 });
  const verdict = auditVerdict(npm.stdout ?? '');
  (verdict.outcome === 'fail' ? console.error : console.log)(verdict.message);
  process.exitCode = verdict.outcome === 'fail' ? 1 : 0;
}
