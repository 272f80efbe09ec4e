import { build } from 'esbuild';
import path from 'node:path';
import { REPO_ROOT, esbuildOptionsFor } from '/work/wt/bundles/infra/lib/bundling/options.ts';
const name = process.argv[2]!;
const outfile = `/tmp/bsz/${name}/index.mjs`;
const r = await build({ ...esbuildOptionsFor(path.join(REPO_ROOT, `functions/${name}/handler.ts`), outfile), metafile: true });
const out = Object.entries(r.metafile.outputs).find(([f]) => f.endsWith('index.mjs'))![1];
const by = new Map<string, number>();
for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  const key = m ? m[1]! : input.split('/').slice(0, 3).join('/');
  by.set(key, (by.get(key) ?? 0) + bytesInOutput);
}
console.log(name, out.bytes);
for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 25))) console.log(String(Math.round(v / 1024)).padStart(6), k);
