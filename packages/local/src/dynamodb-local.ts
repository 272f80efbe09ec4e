// DynamoDB Local (AWS's own emulator, a Java jar) for `npm start` and the tests: installs it
// into a git-ignored cache from npm, starts it on a loopback port, and stops it with the process.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, chmod, cp, mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';

/** The npm package that carries the DynamoDB Local 1.25.1 jar in `package/emulator/`; we take
 *  only that folder, not the package's dependency tree. */
export const DYNAMODB_LOCAL_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';

/** `.cache/dynamodb-local` at the repository root (git-ignored). */
export const DEFAULT_DYNAMODB_LOCAL_DIR = fileURLToPath(new URL('../../../.cache/dynamodb-local', import.meta.url));

/** DynamoDB Local 1.25.1 has no -host option and no authentication; this launcher binds it to
 *  127.0.0.1. It is compiled once per version of its source, with the compiler module the JRE
 *  itself carries (no JDK needed), into the cache beside the jar. */
const LOOPBACK_LAUNCHER = fileURLToPath(new URL('../java/LoopbackDynamoDbLocal.java', import.meta.url));
const LOOPBACK_LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';

/** DynamoDB Local could not be installed, started or stopped; the message says what to do. */
export class DynamoDbLocalError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'DynamoDbLocalError';
  }
}

export type DynamoDbLocalInstallOptions = {
  /** Where the jar and its libraries go. @default DEFAULT_DYNAMODB_LOCAL_DIR */
  dir?: string;
  log?: (line: string) => void;
};

export type DynamoDbLocalOptions = DynamoDbLocalInstallOptions & {
  /** 0 or undefined: pick a free port. */
  port?: number;
  /** @default true */
  inMemory?: boolean;
  /** Where the database file lives when `inMemory` is false. */
  dataDir?: string;
  /** How long to wait for the first answer to ListTables (a loaded machine takes over 30 s). @default 90_000 */
  readyTimeoutMs?: number;
};

export type DynamoDbLocal = {
  endpoint: string;
  stop(): Promise<void>;
};

const PackResult = z.array(z.object({ filename: z.string().min(1) })).min(1);

/** Client settings for DynamoDB Local: it accepts any region and credentials (we start it
 *  with -sharedDb, so every client sees the same tables). */
export function localDynamoDbClientConfig(endpoint: string): DynamoDBClientConfig {
  return {
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}

/** Fetches the emulator with `npm pack` and extracts it into `dir`, unless it is already there. */
export async function installDynamoDbLocal(options: DynamoDbLocalInstallOptions = {}): Promise<{ dir: string; installed: boolean }> {
  const dir = options.dir ?? DEFAULT_DYNAMODB_LOCAL_DIR;
  const log = options.log ?? (() => {});
  if (await isInstalled(dir)) {
    log(`DynamoDB Local is already in ${dir}`);
    return { dir, installed: false };
  }
  const work = await mkdtemp(join(tmpdir(), 'tessera-dynamodb-local-'));
  try {
    log(`Fetching ${DYNAMODB_LOCAL_PACKAGE} with npm pack...`);
    const packed = await run('npm', ['pack', DYNAMODB_LOCAL_PACKAGE, '--json', '--pack-destination', work], work);
    const tarball = join(work, parsePackResult(packed).filename);
    await run('tar', ['-xzf', tarball, '-C', work, 'package/emulator'], work);
    // Copy next to the target, then rename: a half-finished install never looks installed.
    const staging = `${dir}.partial-${process.pid}`;
    await mkdir(dirname(dir), { recursive: true });
    await cp(join(work, 'package', 'emulator'), staging, { recursive: true });
    await rm(dir, { recursive: true, force: true });
    try {
      await rename(staging, dir);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      // Another install finished first: theirs is as good as ours.
      if (!(await isInstalled(dir))) throw error;
    }
    log(`Installed DynamoDB Local into ${dir}`);
    return { dir, installed: true };
  } catch (error) {
    if (error instanceof DynamoDbLocalError) throw error;
    throw new DynamoDbLocalError(`could not install DynamoDB Local into ${dir}: ${(error as Error).message}`, error);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Starts DynamoDB Local (installing it first if needed) and resolves once it answers ListTables. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const { inMemory = true, readyTimeoutMs = 90_000 } = options;
  const dir = options.dir ?? DEFAULT_DYNAMODB_LOCAL_DIR;
  if (!inMemory && !options.dataDir) throw new DynamoDbLocalError('dataDir is required when inMemory is false');
  if (!(await isInstalled(dir))) await installDynamoDbLocal({ dir, log: options.log });
  if (options.dataDir && !inMemory) {
    // Only this user reads the database: it holds review task tokens and webhook secrets.
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
    await chmod(options.dataDir, 0o700);
  }

  const classpath = [await compiledLauncher(dir), join(dir, 'DynamoDBLocal.jar'), join(dir, 'DynamoDBLocal_lib', '*')].join(':');
  const port = options.port || (await freePort());
  const storage = inMemory ? ['-inMemory'] : ['-dbPath', options.dataDir as string];
  const child = spawn(
    'java',
    [`-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`, '-cp', classpath, LOOPBACK_LAUNCHER_CLASS, ...storage, '-sharedDb', '-disableTelemetry', '-port', String(port)],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  const output = captureOutput(child);
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      running.delete(child);
      reject(
        error.code === 'ENOENT'
          ? new DynamoDbLocalError(
              'java was not found on PATH: DynamoDB Local needs a Java 17 (or newer) runtime; install one ' +
                '(e.g. `apt-get install openjdk-17-jre-headless`, `brew install openjdk@17`, or https://adoptium.net)',
              error,
            )
          : new DynamoDbLocalError(`could not start java: ${error.message}`, error),
      );
    });
    child.once('exit', (code, signal) => {
      running.delete(child);
      reject(new DynamoDbLocalError(`DynamoDB Local exited (${signal ?? `code ${code}`}) before it was ready:\n${output()}`));
    });
  });
  exited.catch(() => {}); // observed below; after start-up an exit is stop()'s business

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([waitUntilReady(endpoint, readyTimeoutMs, output), exited]);
    if (options.dataDir && !inMemory) await restrictFiles(options.dataDir);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { endpoint, stop: () => stopChild(child) };
}

/** The folder holding the compiled launcher, compiling it first if this version is not there yet. */
async function compiledLauncher(dir: string): Promise<string> {
  const source = await readFile(LOOPBACK_LAUNCHER);
  const out = join(dir, 'loopback-launcher', createHash('sha256').update(source).digest('hex').slice(0, 16));
  try {
    await access(join(out, `${LOOPBACK_LAUNCHER_CLASS}.class`));
    return out;
  } catch {
    // compile below
  }
  // Compile next to the target, then rename: a half-written class never looks compiled.
  const staging = `${out}.partial-${process.pid}`;
  await mkdir(staging, { recursive: true });
  try {
    const classpath = [join(dir, 'DynamoDBLocal.jar'), join(dir, 'DynamoDBLocal_lib', '*')].join(':');
    await run('java', ['-m', 'jdk.compiler/com.sun.tools.javac.Main', '-nowarn', '-cp', classpath, '-d', staging, LOOPBACK_LAUNCHER], dir);
    await rename(staging, out).catch(async (error: NodeJS.ErrnoException) => {
      // Another process compiled it first: theirs is as good as ours.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
    return out;
  } catch (error) {
    throw new DynamoDbLocalError(`could not compile the loopback launcher for DynamoDB Local: ${(error as Error).message}`, error);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Java creates the database file with the default umask; it is for this user only. */
async function restrictFiles(dataDir: string): Promise<void> {
  for (const name of await readdir(dataDir)) await chmod(join(dataDir, name), 0o600);
}

async function isInstalled(dir: string): Promise<boolean> {
  try {
    await access(join(dir, 'DynamoDBLocal.jar'));
    await access(join(dir, 'DynamoDBLocal_lib'));
    return true;
  } catch {
    return false;
  }
}

function parsePackResult(stdout: string) {
  // npm may print lifecycle noise before the JSON; the JSON array is the last thing it prints.
  const json = stdout.slice(stdout.indexOf('['));
  const parsed = PackResult.safeParse(JSON.parse(json));
  if (!parsed.success) throw new DynamoDbLocalError(`unexpected output from npm pack: ${stdout.slice(0, 500)}`);
  return parsed.data[0] as { filename: string };
}

function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error) => reject(new DynamoDbLocalError(`could not run ${command}: ${error.message}`, error)));
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new DynamoDbLocalError(`${command} ${args.join(' ')} failed (code ${code}):\n${stderr.slice(-2000)}`))));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Keeps the first few KB of java's output (where a start-up failure shows), for the error message. */
function captureOutput(child: ChildProcess): () => string {
  let text = '';
  const keep = (chunk: Buffer) => {
    if (text.length < 6000) text = (text + chunk.toString()).slice(0, 6000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text.trim() || '(no output)';
}

async function waitUntilReady(endpoint: string, timeoutMs: number, output: () => string): Promise<void> {
  const client = new DynamoDBClient({ ...localDynamoDbClientConfig(endpoint), maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        // Something else may hold the port and never answer: each try gets its own time limit.
        const limit = Math.max(1, Math.min(2000, deadline - Date.now()));
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(limit) });
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new DynamoDbLocalError(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms; its output:\n${output()}`, error);
        }
        await sleep(100);
      }
    }
  } finally {
    client.destroy();
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  // It stops in well under a second; a hung JVM gets SIGKILL. The timer must not hold the process open.
  const cancel = new AbortController();
  void sleep(5000, undefined, { signal: cancel.signal, ref: false }).then(
    () => child.kill('SIGKILL'),
    () => {},
  );
  await exited;
  cancel.abort();
}

// Whatever is still running when this process exits goes with it (exit handlers must be synchronous).
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
