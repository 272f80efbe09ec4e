import { build } from 'esbuild';
import path from 'node:path';
import { REPO_ROOT, esbuildOptionsFor } from '../infra/lib/bundling/options.ts';
const name = process.argv[2]!; const filter = process.argv[3] ?? '';
const outfile = `/tmp/bsz/${name}/index.mjs`;
const r = await build({ ...esbuildOptionsFor(path.join(REPO_ROOT, `functions/${name}/handler.ts`), outfile), metafile: true });
const out = Object.entries(r.metafile.outputs).find(([f]) => f.endsWith('index.mjs'))![1];
for (const [k, v] of Object.entries(out.inputs).filter(([k]) => k.includes(filter)).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 25)) console.log(String(Math.round(v.bytesInOutput / 1024)).padStart(6), k);
