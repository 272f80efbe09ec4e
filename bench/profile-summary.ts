// Where the time goes, from V8 CPU profiles (`npm run bench -- --profile DIR`, or a whole-process
// `npx tsx --cpu-prof --cpu-prof-dir=DIR bench/run.ts`): self time by package and hottest functions.
//   npx tsx bench/profile-summary.ts DIR/*.cpuprofile [--top 25]
import { parseArgs } from 'node:util';
import { summarizeProfile } from './profile.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
if (positionals.length === 0) {
  console.error('usage: npx tsx bench/profile-summary.ts FILE.cpuprofile... [--top N]');
  process.exit(2);
}
for (const file of positionals) console.log(`\n${await summarizeProfile(file, Number(values.top))}`);
