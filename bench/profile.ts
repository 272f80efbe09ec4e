// `--profile`: a V8 CPU profile of the main thread for each measured phase (not the warm-ups or
// set-up, which a whole-process `--cpu-prof` would mix in), written where Chrome DevTools opens it.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { table } from './stats.ts';

export type PhaseProfiler = { start(): Promise<void>; stop(name: string): Promise<string | undefined> };

export async function phaseProfiler(dir: string | undefined): Promise<PhaseProfiler> {
  if (!dir) return { start: async () => {}, stop: async () => undefined };
  await mkdir(dir, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  // 1 ms sampling is plenty for phases of seconds and keeps the files small.
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  return {
    start: () => session.post('Profiler.start'),
    async stop(name) {
      const { profile } = await session.post('Profiler.stop');
      const file = join(dir, `${name}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      return file;
    },
  };
}

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** node_modules/@scope/name or node_modules/name, else our folder (packages/x, functions/x), else node internals. */
function owner(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native/V8)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1] as string;
  if (url.startsWith('node:')) return url;
  const ours = /\/(packages\/[^/]+|functions\/[^/]+|bench)\//.exec(url);
  return ours ? (ours[1] as string) : url.replace(/^file:\/\//, '');
}

/** Self time grouped by package (or our folder) and the hottest functions, as two tables. */
export async function summarizeProfile(file: string, top = 20): Promise<string> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = profile.endTime - profile.startTime;

  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const who = owner(url, functionName);
    byOwner.set(who, (byOwner.get(who) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${who}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => [k, `${(us / 1000).toFixed(0)} ms`, `${((us / total) * 100).toFixed(1)}%`]);
  return [
    `${file}: ${(total / 1e6).toFixed(1)} s of main-thread wall time (self time; "(idle)" is waiting on I/O)`,
    '',
    table(['Self time by package / folder', 'ms', 'share'], rows(byOwner)),
    '',
    table(['Hottest functions (self time)', 'ms', 'share'], rows(byFunction)),
  ].join('\n');
}
