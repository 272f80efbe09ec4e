// Verify and sign in-process, Tessera beside the reference stack in the same run: the figures for
// docs/BENCHMARKS.md "Verify fast path (in-process)". Relative figures only: the machine is shared.
//   npx tsx bench/verify-fast-path.ts [--rounds 5] [--count 200] [--profile DIR]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createDocumentLoader, signCredential, verifyCredential } from '@tessera/credentials';
import { benchCredentials, kb, loop, type LoopResult } from './in-process.ts';
import { phaseProfiler } from './profile.ts';
import { ms, rate, table } from './stats.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, count: { type: 'string', default: '200' }, profile: { type: 'string' } } });
const rounds = Number(values.rounds);
const settings = { warmup: 20, count: Number(values.count), timeLimitMs: 20_000 };

const { signer, vm, unsigned, signed, rich, resolveDocument } = await benchCredentials();
const documentLoader = createDocumentLoader({ resolveDocument });
// The reference: @digitalbazaar/vc with the unmodified digitalbazaar suite, as a verifier built on it would run.
const referenceVerify = async (credential: unknown) => {
  const result = await vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader, checkStatus: async () => ({ verified: true }) });
  if (!result.verified) throw new Error(`the reference does not verify the bench credential: ${JSON.stringify(result.error ?? result)}`);
};
const referenceSign = () =>
  vc.issue({
    credential: unsigned(),
    suite: new DataIntegrityProof({ cryptosuite, signer: { id: vm, algorithm: 'Ed25519', sign: ({ data }: { data: Uint8Array }) => signer.sign(data) }, date: new Date() }),
    documentLoader,
  });
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
// Rounds interleave the phases, so a burst of load from elsewhere hits both sides alike; the median round counts.
const byPhase = new Map<string, LoopResult[]>();
for (let round = 0; round < rounds; round++) {
  for (const [index, [name, fn]] of phases.entries()) {
    const profiled = values.profile !== undefined && round === 0;
    if (profiled) await profiler.start();
    const result = await loop(name, fn, settings);
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
const rows = [...byPhase.entries()].map(([name, results]) => {
  const perSecond = median(results.map((r) => r.perSecond));
  const p50 = median(results.map((r) => r.latency.p50));
  return { name, perSecond, p50 };
});
const ratio = (ours: number, reference: number) => `${(rows[ours]!.perSecond / rows[reference]!.perSecond).toFixed(1)}×`;
console.log(
  `\nLoad average at start: ${load}; now: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}. Median of ${rounds} interleaved rounds of ${settings.count}.`,
);
console.log(
  table(
    ['In-process, one at a time', 'Rate /s', 'p50'],
    rows.map((r) => [r.name, rate(r.perSecond), ms(r.p50)]),
  ),
);
console.log(`\nTessera / reference: verify typical ${ratio(1, 0)}, verify rich ${ratio(3, 2)}, sign ${ratio(5, 4)}; rich (ours) / typical (reference) ${ratio(3, 0)}`);
