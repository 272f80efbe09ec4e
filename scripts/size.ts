// Bundle size and cold initialisation of every Lambda, built exactly as AppFunction builds it
// (the options come from infra/lib/bundling/options.ts). Writes the table into docs/BENCHMARKS.md
// under "## Bundle size and cold start" and leaves the rest of that file alone.
//   npx tsx scripts/size.ts            measure, print, update docs/BENCHMARKS.md
//   npx tsx scripts/size.ts --no-write measure and print only
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { FUNCTION_NAMES, type FunctionName } from '../functions/catalog.ts';
import { REPO_ROOT, esbuildOptionsFor } from '../infra/lib/bundling/options.ts';

const HEADING = '## Bundle size and cold start';
const RUNS = 5;
/** Answer a person (webhook, review page, verify): these should stay lean. */
const HOT_PATHS: readonly FunctionName[] = ['webhook-intake', 'review', 'verify'];
const ONE_MB = 1024 * 1024;
const NODE = path.join(REPO_ROOT, 'node_modules/.bin/node'); // the pinned Node 24, as on Lambda

type Measurement = { name: FunctionName; bytes: number; gzipBytes: number; initMs: number[]; largest: Array<[string, number]> };

/** Import time of the bundle in a fresh process: module loading and top-level code, as Lambda's INIT phase runs it. */
function coldImportMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const run = spawnSync(NODE, ['--enable-source-maps', '--input-type=module', '-e', script], { encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 60_000 });
  if (run.status !== 0) throw new Error(`importing ${file} failed:\n${run.stderr}`);
  return Number(run.stdout);
}

/** Output bytes per package, from esbuild's metafile (what a large bundle is made of). */
function largestPackages(metafile: Metafile, outfile: string): Array<[string, number]> {
  const output = Object.entries(metafile.outputs).find(([file]) => path.resolve(file) === path.resolve(outfile))?.[1];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const name = match?.[1] ?? input.split('/').slice(0, 2).join('/');
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  return [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
}

async function measure(name: FunctionName, dir: string): Promise<Measurement> {
  const outfile = path.join(dir, name, 'index.mjs');
  const result = await build({ ...esbuildOptionsFor(path.join(REPO_ROOT, `functions/${name}/handler.ts`), outfile), metafile: true });
  const code = readFileSync(outfile);
  coldImportMs(outfile); // warm the OS file cache once, so run 1 is not an outlier of disk reads
  const initMs = Array.from({ length: RUNS }, () => coldImportMs(outfile));
  return { name, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, initMs, largest: largestPackages(result.metafile, outfile) };
}

/** The justification for the hot paths' size, and what would shrink them (checked against the contributors above). */
const WHY_OVER_1_MB = [
  'Why the hot paths are over 1 MB, and why that is acceptable for now:',
  '',
  '- Every function carries the same two things whatever it does. **zod** (about 445 KB): the full zod 4 API, reached through the',
  '  schemas in `packages/core` and `packages/workflow`. **Five AWS SDK clients** (S3, SESv2, KMS, SFN, DynamoDB with `@smithy/core`,',
  '  about 400 KB together): `functions/shared/dependencies.ts` imports every adapter statically, so webhook-intake carries S3, SES and',
  '  KMS clients it never calls. verify and release-credential add the credential stack (jsonld, ajv with the OB 3.0 schema, the',
  '  bundled JSON-LD contexts), which they do use.',
  '- What it costs: Lambda downloads the zip (under 400 KB gzip for every function) and parses the bundle once per cold start; the',
  '  numbers above are that parse. A warm invocation pays nothing for size. At the volumes Tessera sees (batches at the end of a term),',
  '  most invocations after the first few are warm.',
  '- How to shrink it, in order of payoff (both are changes to `functions/shared`, outside infra): (1) build each adapter lazily in the',
  '  composition root (`await import()` of the S3/SES/KMS/SFN adapter when first used) so intake, review and verify bundle only the',
  '  clients they call (about 150-250 KB less each); (2) move the request schemas to `zod/mini` (tree-shakable; about 300 KB less).',
  "- undici is no longer in any bundle: jsonld's Node document loader imports `@digitalbazaar/http-client`, which is aliased to",
  '  `infra/lib/bundling/http-client-stub.ts` (it throws if anything tries to fetch). Measured before the alias: verify 1.98 MB.',
  '- `NODE_OPTIONS=--enable-source-maps` (AppFunction default) makes Node read the source map at load: measured here, about 30-50 ms more',
  "  cold init for a 1 MB bundle. It buys readable stack traces; AppFunction's `sourceMapStackTraces: false` turns it off per function.",
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

function render(measurements: Measurement[], nodeVersion: string, load: number): string {
  const rows = measurements.map((m) => {
    const hot = HOT_PATHS.includes(m.name) ? ' (hot path)' : '';
    return `| ${m.name}${hot} | ${kb(m.bytes)} | ${kb(m.gzipBytes)} | ${median(m.initMs).toFixed(0)} ms | ${Math.min(...m.initMs).toFixed(0)} ms | ${m.initMs.map((v) => v.toFixed(0)).join(', ')} |`;
  });
  const heavy = measurements.filter((m) => m.bytes > ONE_MB).map((m) => `- **${m.name}** (${kb(m.bytes)}): ${m.largest.map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`).join(', ')}`);
  return [
    HEADING,
    '',
    `Measured by \`npx tsx scripts/size.ts\` on ${new Date().toISOString().slice(0, 10)}, Node.js ${nodeVersion}, on the machine that ran it (${process.arch}, ${cpus().length} CPUs,`,
    `1-minute load average ${load.toFixed(1)} while measuring: above the CPU count the medians are inflated by other work, and "fastest" is the better estimate), not on Lambda.`,
    'Each bundle is built with the esbuild options AppFunction deploys (`infra/lib/bundling/options.ts`: ESM, node24, minified, AWS SDK bundled,',
    '`@digitalbazaar/http-client` aliased to a stub so jsonld\'s network loader and undici stay out). "Cold init" is the time to `import()` the',
    `bundle in a fresh Node process started with --enable-source-maps as deployed (module parse + top-level code: what Lambda's INIT`,
    `phase adds before the first request), median of ${RUNS} after one warm-up of the file cache. Other work on the machine shows as outliers.`,
    'Lambda adds its own runtime start and code download; expect INIT on a 512 MB ARM64 function to be a multiple of these numbers.',
    '',
    '| Function | Bundle (minified) | gzip | Cold init (median) | fastest | Runs |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    heavy.length ? 'Bundles over 1 MB, with their five largest contributors (bytes in the output):' : 'No bundle is over 1 MB.',
    '',
    ...heavy,
    '',
    ...WHY_OVER_1_MB,
    '',
  ].join('\n');
}

/** Replaces this section in BENCHMARKS.md (up to the next "## " heading), or appends it. */
function writeSection(file: string, section: string): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(`${HEADING}\n`);
  if (start === -1) {
    writeFileSync(file, `${current.replace(/\n*$/, '\n\n')}${section}`);
    return;
  }
  const next = current.indexOf('\n## ', start + HEADING.length);
  const end = next === -1 ? current.length : next + 1;
  writeFileSync(file, `${current.slice(0, start)}${section}${next === -1 ? '' : '\n'}${current.slice(end)}`);
}

const dir = mkdtempSync(path.join(tmpdir(), 'tessera-size-'));
try {
  const nodeVersion = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const measurements: Measurement[] = [];
  const loads: number[] = [];
  for (const name of FUNCTION_NAMES) {
    const m = await measure(name, dir);
    measurements.push(m);
    loads.push(loadavg()[0]!);
    console.log(
      `${name.padEnd(20)} ${kb(m.bytes).padStart(8)} ${kb(m.gzipBytes).padStart(8)} gz  init ${median(m.initMs).toFixed(0).padStart(4)} ms  [${m.initMs.map((v) => v.toFixed(0)).join(', ')}]`,
    );
  }
  const section = render(measurements, nodeVersion, median(loads));
  if (!process.argv.includes('--no-write')) {
    writeSection(path.join(REPO_ROOT, 'docs/BENCHMARKS.md'), section);
    console.log(`\nwrote "${HEADING}" in docs/BENCHMARKS.md`);
  }
  const heavyHot = measurements.filter((m) => HOT_PATHS.includes(m.name) && m.bytes > ONE_MB);
  if (heavyHot.length) console.log(`\nhot paths over 1 MB: ${heavyHot.map((m) => m.name).join(', ')} (see the contributors in the table's notes)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
