// Verify and sign in-process, Tessera beside the reference stack in the same run: the figures for
// docs/BENCHMARKS.md "Verify fast path (in-process)". Relative figures only: the machine is shared.
//   npx tsx bench/verify-fast-path.ts [--rounds 5] [--seconds 2] [--profile DIR]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { signCredential, verifyCredential } from '@tessera/credentials';
import { benchCredentials, kb } from './in-process.ts';
import { referenceStack } from './reference.ts';
import { mainThreadCpuSeconds } from './machine.ts';
import { phaseProfiler } from './profile.ts';
import { ms, rate, summarize, table } from './stats.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, seconds: { type: 'string', default: '2' }, profile: { type: 'string' } } });
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const settings = { warmup: 20 };

const credentials = await benchCredentials();
const { signer, vm, unsigned, signed, rich, resolveDocument } = credentials;
const reference = referenceStack(credentials);
const referenceVerify = reference.verify;
const referenceSign = reference.sign;
const oursVerify = async (credential: Record<string, unknown>) => {
  const result = await verifyCredential(credential, { resolveDocument });
  if (!result.verified) throw new Error(`Tessera does not verify the bench credential: ${JSON.stringify(result.checks)}`);
};

const phases: [string, () => Promise<unknown>][] = [
  [`reference verifyCredential, typical (${kb(signed)})`, () => referenceVerify(signed)],
  [`Tessera verifyCredential, typical (all checks)`, () => oursVerify(signed)],
  [`reference verifyCredential, rich (${kb(rich)})`, () => referenceVerify(rich)],
  [`Tessera verifyCredential, rich (all checks)`, () => oursVerify(rich)],
  ['reference sign (vc.issue)', referenceSign],
  ['Tessera signCredential', () => signCredential(unsigned(), { signer, verificationMethod: vm })],
];

const profiler = await phaseProfiler(values.profile);
const load = loadavg()
  .map((l) => l.toFixed(2))
  .join(' / ');

/** One phase for `seconds` of wall time: operations per wall second, per CPU second of the main
 *  thread (what a core given to it would do: the figure least moved by the machine's other load), p50. */
async function measure(fn: () => Promise<unknown>, seconds: number) {
  for (let i = 0; i < settings.warmup; i++) await fn();
  const latencies: number[] = [];
  const cpuBefore = mainThreadCpuSeconds();
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    const t = performance.now();
    await fn();
    latencies.push(performance.now() - t);
  }
  const wall = (performance.now() - started) / 1000;
  const cpu = (mainThreadCpuSeconds() ?? Number.NaN) - (cpuBefore ?? Number.NaN);
  return { perSecond: latencies.length / wall, perCpuSecond: latencies.length / cpu, p50: summarize(latencies).p50 };
}

// Rounds interleave the phases, so a burst of load from elsewhere hits both sides alike; the median round counts.
type Measured = Awaited<ReturnType<typeof measure>>;
const byPhase = new Map<string, Measured[]>();
for (let round = 0; round < rounds; round++) {
  for (const [index, [name, fn]] of phases.entries()) {
    const profiled = values.profile !== undefined && round === 0;
    if (profiled) await profiler.start();
    const result = await measure(fn, seconds);
    if (profiled)
      console.log(
        `profile: ${await profiler.stop(
          `${index}-${name
            .split(' ')
            .slice(0, 2)
            .join('-')
            .replace(/[^\w-]/g, '')}`,
        )}`,
      );
    byPhase.set(name, [...(byPhase.get(name) ?? []), result]);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows = [...byPhase.entries()].map(([name, results]) => ({
  name,
  perSecond: median(results.map((r) => r.perSecond)),
  perCpuSecond: median(results.map((r) => r.perCpuSecond)),
  p50: median(results.map((r) => r.p50)),
}));
const ratio = (ours: number, reference: number) => `${(rows[ours]!.perCpuSecond / rows[reference]!.perCpuSecond).toFixed(1)}×`;
console.log(
  `\nLoad average at start: ${load}; at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}. Median of ${rounds} interleaved rounds of ${seconds} s per phase.`,
);
console.log(
  table(
    ['In-process, one at a time', 'Per CPU-second', 'Rate /s (wall)', 'p50'],
    rows.map((r) => [r.name, rate(r.perCpuSecond), rate(r.perSecond), ms(r.p50)]),
  ),
);
console.log(
  `\nTessera / reference, per CPU-second: verify typical ${ratio(1, 0)}, verify rich ${ratio(3, 2)}, sign ${ratio(5, 4)}; Tessera's rich badge / the reference's typical one ${ratio(3, 0)}`,
);
