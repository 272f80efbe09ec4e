// Bundle size and cold import time of every Lambda, built exactly as AppFunction builds it (the
// options, per-function port defines included, come from infra/lib/bundling/options.ts), each beside
// its aim (issue 12: the hot paths under 300 KB minified and 150 ms to import, fastest of five).
// Writes the table into docs/BENCHMARKS.md between the size:results markers, leaving the rest alone.
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

const START = '<!-- size:results:start (written by npm run size; edit outside these markers) -->';
const END = '<!-- size:results:end -->';
const HEADING = '## Bundles';
const RUNS = 5;
/** Answer a person (webhook, review page, verify): these should stay lean. */
const HOT_PATHS: readonly FunctionName[] = ['webhook-intake', 'review', 'verify'];
/** Issue 12's aims for the hot paths: minified bytes and the fastest of RUNS cold imports. */
const AIM = { bytes: 300 * 1024, importMs: 150 } as const;
/** What AppFunction deploys beside the code that matters at import: source maps on (its default) and Lambda's own variables. */
const DEPLOYED_ENVIRONMENT = { NODE_OPTIONS: '--enable-source-maps', AWS_REGION: 'eu-west-1', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' };
const NODE = path.join(REPO_ROOT, 'node_modules/.bin/node'); // the pinned Node 24, as on Lambda

type Measurement = { name: FunctionName; bytes: number; gzipBytes: number; initMs: number[]; cpuMs: number[]; largest: Array<[string, number]> };

/** Import time of the bundle in a fresh process: module loading and top-level code, as Lambda's INIT phase runs it. */
/** Wall time, and the CPU time the process spent in it (all its threads): on a loaded machine the CPU
 *  time is the steadier estimate of what an idle core would take. */
function coldImportMs(file: string, name: FunctionName): { wall: number; cpu: number } {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(file)}); const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ wall: performance.now() - t, cpu: (u.user + u.system) / 1000 }));`;
  const env = { PATH: process.env.PATH, ...DEPLOYED_ENVIRONMENT, AWS_LAMBDA_FUNCTION_NAME: name };
  const run = spawnSync(NODE, ['--input-type=module', '-e', script], { encoding: 'utf8', env, timeout: 60_000 });
  if (run.status !== 0) throw new Error(`importing ${file} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as { wall: number; cpu: number };
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
  const result = await build({ ...esbuildOptionsFor(path.join(REPO_ROOT, `functions/${name}/handler.ts`), outfile, name), metafile: true });
  const code = readFileSync(outfile);
  coldImportMs(outfile, name); // warm the OS file cache once, so run 1 is not an outlier of disk reads
  const runs = Array.from({ length: RUNS }, () => coldImportMs(outfile, name));
  return {
    name,
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    initMs: runs.map((run) => run.wall),
    cpuMs: runs.map((run) => run.cpu),
    largest: largestPackages(result.metafile, outfile),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/** Beside each figure, how it stands against the aim (hot paths only). */
function againstAim(m: Measurement): { size: string; importTime: string } {
  if (!HOT_PATHS.includes(m.name)) return { size: '-', importTime: '-' };
  const fastest = Math.min(...m.initMs);
  const size = m.bytes <= AIM.bytes ? 'met' : `missed by ${kb(m.bytes - AIM.bytes)}`;
  const importTime = fastest <= AIM.importMs ? 'met' : `missed by ${(fastest - AIM.importMs).toFixed(0)} ms`;
  return { size, importTime };
}

function render(measurements: Measurement[], nodeVersion: string, load: number): string {
  const rows = measurements.map((m) => {
    const hot = HOT_PATHS.includes(m.name) ? ' (hot path)' : '';
    const aim = againstAim(m);
    const largest = m.largest.map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`).join(', ');
    return `| ${m.name}${hot} | ${kb(m.bytes)} | ${aim.size} | ${kb(m.gzipBytes)} | ${Math.min(...m.initMs).toFixed(0)} ms | ${aim.importTime} | ${median(m.initMs).toFixed(0)} ms | ${Math.min(...m.cpuMs).toFixed(0)} ms | ${largest} |`;
  });
  return [
    START,
    '',
    `Measured by \`npm run size\` on ${new Date().toISOString().slice(0, 10)}, Node.js ${nodeVersion}, ${process.arch}, ${cpus().length} CPUs, 1-minute load average ${load.toFixed(1)}`,
    `while measuring (above the CPU count, other work inflates every figure: "fastest" is the better estimate). Aims for the hot paths: at most`,
    `${kb(AIM.bytes)} minified and ${AIM.importMs} ms to import (fastest of ${RUNS}, after one warm-up of the file cache).`,
    '',
    'Import CPU is the least CPU time of the runs (all threads): under load it is steadier than the wall time.',
    '',
    '| Function | Bundle (minified) | aim 300 KB | gzip | Import (fastest) | aim 150 ms | Import (median) | Import CPU | Largest contributors |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    END,
  ].join('\n');
}

/** Replaces the text between the markers in BENCHMARKS.md, or appends a Bundles section holding them. */
function writeSection(file: string, table: string): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start === -1 || end < start) {
    writeFileSync(file, `${current.replace(/\n*$/, '\n\n')}${HEADING}\n\n${table}\n`);
    return;
  }
  writeFileSync(file, `${current.slice(0, start)}${table}${current.slice(end + END.length)}`);
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
    const aim = againstAim(m);
    const beside = HOT_PATHS.includes(name) ? `  aim ${kb(AIM.bytes)}: ${aim.size}; aim ${AIM.importMs} ms: ${aim.importTime}` : '';
    console.log(
      `${name.padEnd(20)} ${kb(m.bytes).padStart(8)} ${kb(m.gzipBytes).padStart(8)} gz  import fastest ${Math.min(...m.initMs)
        .toFixed(0)
        .padStart(4)} ms, median ${median(m.initMs).toFixed(0).padStart(4)} ms, cpu ${Math.min(...m.cpuMs)
        .toFixed(0)
        .padStart(4)} ms  [${m.initMs.map((v) => v.toFixed(0)).join(', ')}]${beside}`,
    );
  }
  const section = render(measurements, nodeVersion, median(loads));
  if (!process.argv.includes('--no-write')) {
    writeSection(path.join(REPO_ROOT, 'docs/BENCHMARKS.md'), section);
    console.log(`\nwrote the table between the size:results markers in docs/BENCHMARKS.md`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
