// What the figures were measured on, and how much CPU each party used while measuring: our
// Node main thread (event-loop utilisation) and DynamoDB Local (the java child's CPU time).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

export type Machine = { cores: number; cpuModel: string; memoryGiB: number; node: string; platform: string; date: string; revision: string; loadAverage: string };

/** The commit measured, and whether the working tree had changes on top of it. */
function revision(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') ? `commit ${commit} plus uncommitted changes` : `commit ${commit}`;
  } catch {
    return 'unknown revision';
  }
}

export function describeMachine(): Machine {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // not Linux: os.cpus() said enough
  }
  return {
    cores: availableParallelism(),
    cpuModel,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    date: new Date().toISOString().slice(0, 10),
    revision: revision(),
    loadAverage: loadavg()
      .map((l) => l.toFixed(2))
      .join(' / '),
  };
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime in seconds from a /proc stat line (fields 14 and 15; comm may hold spaces). */
function statCpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** CPU seconds used so far by each kind of thread of this process (MainThread, V8Worker, libuv-worker...). */
function threadCpuSeconds(): Map<string, number> {
  const byName = new Map<string, number>();
  try {
    for (const task of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        byName.set(name, (byName.get(name) ?? 0) + statCpuSeconds(stat));
      } catch {
        // the thread ended meanwhile
      }
    }
  } catch {
    // not Linux
  }
  return byName;
}

/** Busy CPU seconds of the whole machine (all processes), from the first line of /proc/stat. */
function machineBusySeconds(): number | undefined {
  try {
    const [, ...fields] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] as string).trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = fields.map<number>(Number);
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function processCpuSeconds(): number | undefined {
  try {
    return statCpuSeconds(readFileSync('/proc/self/stat', 'utf8'));
  } catch {
    return undefined;
  }
}

/** CPU seconds the main thread alone has used (its task id is the process id); undefined off Linux. */
export function mainThreadCpuSeconds(): number | undefined {
  try {
    return statCpuSeconds(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) used so far by this process's java children (DynamoDB Local). */
function javaCpuSeconds(): number | undefined {
  try {
    let seconds = 0;
    let found = false;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      }
      // pid (comm) state ppid ...: the java child of this process is DynamoDB Local.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (comm !== 'java' || ppid !== process.pid) continue;
      found = true;
      seconds += statCpuSeconds(stat);
    }
    return found ? seconds : undefined;
  } catch {
    return undefined;
  }
}

export type CpuShare = {
  wallSeconds: number;
  /** Share of the wall time the Node main thread (all our server code) was busy (event-loop
   *  utilisation: includes time the OS gave its core to someone else while it was running). */
  nodeMainBusy: number;
  /** CPU the main thread actually got, in cores (0..1); undefined off Linux. */
  nodeMainCpu?: number;
  /** Cores used by each kind of thread of this process, busiest first (MainThread is our code;
   *  WorkerThread the bench's HTTP client; V8Worker garbage collection and compilation). */
  threads: Record<string, number>;
  /** Average number of cores DynamoDB Local kept busy (undefined where /proc is missing). */
  dynamoDbCores?: number;
  /** Cores used by everything else on the machine (other people's tests, say): noise in the figures. */
  otherCores?: number;
};

/** Starts measuring; call the result to stop and get the shares for the interval. */
export function measureCpu(): () => CpuShare {
  const elu: EventLoopUtilization = performance.eventLoopUtilization();
  const java = javaCpuSeconds();
  const main = mainThreadCpuSeconds();
  const threads = threadCpuSeconds();
  const machine = machineBusySeconds();
  const ours = processCpuSeconds();
  const start = performance.now();
  return () => {
    const wallSeconds = (performance.now() - start) / 1000;
    const javaNow = javaCpuSeconds();
    const mainNow = mainThreadCpuSeconds();
    const threadsNow = threadCpuSeconds();
    const machineNow = machineBusySeconds();
    const oursNow = processCpuSeconds();
    const delta = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : b - a);
    const [busy, ourCpu, javaCpu] = [delta(machine, machineNow), delta(ours, oursNow), delta(java, javaNow)];
    return {
      otherCores: busy === undefined || ourCpu === undefined ? undefined : Math.max(0, busy - ourCpu - (javaCpu ?? 0)) / wallSeconds,
      threads: Object.fromEntries(
        [...threadsNow]
          .map(([name, seconds]) => [name, (seconds - (threads.get(name) ?? 0)) / wallSeconds] as const)
          .filter(([, share]) => share >= 0.005)
          .sort((a, b) => b[1] - a[1]),
      ),
      wallSeconds,
      nodeMainBusy: performance.eventLoopUtilization(elu).utilization,
      nodeMainCpu: main === undefined || mainNow === undefined ? undefined : (mainNow - main) / wallSeconds,
      dynamoDbCores: java === undefined || javaNow === undefined ? undefined : (javaNow - java) / wallSeconds,
    };
  };
}
