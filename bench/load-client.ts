// The bench's HTTP client, run on its own worker thread so that building, signing and timing
// requests does not take turns with the server on the main thread. Keeps `concurrency` requests
// in flight over keep-alive connections, for a fixed count or until a time limit, whichever first.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { SIGNATURE_HEADER, signWebhook } from '../functions/webhook-intake/signature.ts';

export type LoadJob = { kind: 'webhook'; url: string; secret: string; award: Record<string, unknown>; eventIdPrefix: string } | { kind: 'verify'; url: string; credential: string };

export type LoadOptions = {
  job: LoadJob;
  /** Requests whose results are thrown away before measuring starts (same concurrency). */
  warmup: number;
  count: number;
  concurrency: number;
  /** No new request starts after this long (the warm-up not included). */
  timeLimitMs: number;
};

/** One measured request. Times are epoch milliseconds with sub-millisecond precision. */
export type Sample = { sentAt: number; answeredAt: number; status: number; submissionId?: string };

export type LoadResult = {
  samples: Sample[];
  /** Wall time of the measured part, first send to last answer. */
  wallMs: number;
  /** Requests whose answer was not the expected one, with the first few bodies. */
  failures: { count: number; examples: string[] };
  /** Share of the wall time this client thread was busy (1 = it was the bottleneck). */
  clientBusy: number;
  stoppedByTimeLimit: boolean;
};

const now = () => performance.timeOrigin + performance.now();

type Prepared = { path: string; headers: Record<string, string>; body: string };

function prepare(job: LoadJob, i: number): Prepared {
  if (job.kind === 'verify') return { path: '/verify', headers: { 'Content-Type': 'application/json' }, body: job.credential };
  const body = JSON.stringify({ ...job.award, eventId: `${job.eventIdPrefix}-${i}` });
  const signature = signWebhook(job.secret, body, Math.floor(Date.now() / 1000));
  return { path: '/webhooks/demo', headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: signature }, body };
}

/** What a good answer looks like: a 202 with a submission id, or a 200 saying verified. */
function check(job: LoadJob, status: number, text: string): { ok: boolean; submissionId?: string } {
  try {
    const body = JSON.parse(text) as { submissionId?: string; verified?: boolean };
    if (job.kind === 'webhook') return { ok: status === 202 && typeof body.submissionId === 'string', submissionId: body.submissionId };
    return { ok: status === 200 && body.verified === true };
  } catch {
    return { ok: false };
  }
}

function send(agent: Agent, base: URL, prepared: Prepared): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: base.hostname, port: base.port, method: 'POST', path: prepared.path, headers: { ...prepared.headers, 'Content-Length': Buffer.byteLength(prepared.body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error('no answer within 60 s')));
    req.on('error', reject);
    req.end(prepared.body);
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { job, concurrency } = options;
  const base = new URL(job.url);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const failures = { count: 0, examples: [] as string[] };
  const samples: Sample[] = [];
  let next = 0;

  // One loop per connection: take the next index, send, record, repeat.
  const phase = async (first: number, end: number, deadline: number, record: boolean) => {
    next = first;
    let stopped = false;
    const lane = async () => {
      for (;;) {
        if (next >= end) return;
        if (now() > deadline) {
          stopped = true;
          return;
        }
        const i = next++;
        const prepared = prepare(job, i);
        const sentAt = now();
        let status = 0;
        let text: string;
        try {
          ({ status, text } = await send(agent, base, prepared));
        } catch (error) {
          text = `request failed: ${(error as Error).message}`;
        }
        const answeredAt = now();
        const { ok, submissionId } = check(job, status, text);
        if (!ok) {
          failures.count++;
          if (failures.examples.length < 5) failures.examples.push(`${status} ${text.slice(0, 300)}`);
        }
        if (record) samples.push({ sentAt, answeredAt, status, submissionId });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    return stopped;
  };

  await phase(0, options.warmup, Number.POSITIVE_INFINITY, false);
  const elu = performance.eventLoopUtilization();
  const start = now();
  const stoppedByTimeLimit = await phase(options.warmup, options.warmup + options.count, start + options.timeLimitMs, true);
  const wallMs = now() - start;
  const clientBusy = performance.eventLoopUtilization(elu).utilization;
  agent.destroy();
  return { samples, wallMs, failures, clientBusy, stoppedByTimeLimit };
}

if (parentPort && workerData?.loadOptions) {
  const port = parentPort;
  runLoad(workerData.loadOptions as LoadOptions).then(
    (result) => port.postMessage({ result }),
    (error: Error) => port.postMessage({ error: error.stack ?? error.message }),
  );
}
