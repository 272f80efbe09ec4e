// The wrapper every workflow step shares: validate the step's input at the edge, and rename
// transient faults so the state machine's Retry (Tessera.Retryable) takes them while real
// failures go straight to the Catch that records the submission as FAILED.
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { RETRYABLE_STEP_ERROR } from '@tessera/workflow';
import { logger, observability } from './observability.ts';

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'KMSInternalException',
  'TooManyRequestsException',
  'TimeoutError',
]);

export class StepInputError extends Error {
  override name = 'Tessera.InvalidStepInput';
}

/** The error and the causes it wraps, outermost first. */
function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let e = error; e instanceof Error && chain.length < 10; e = e.cause) chain.push(e);
  return chain;
}

/** Transient anywhere in the chain: a throttled KMS call stays transient when a library wraps it. */
export function isTransient(error: unknown): boolean {
  return causeChain(error).some(
    (e) => Boolean((e as { $retryable?: unknown }).$retryable) || TRANSIENT_NAMES.has(e.name) || (e as { code?: string }).code === 'ECONNRESET',
  );
}

/** Step Functions keeps only the name and message, so the causes are folded into the message
 *  (the submission's failureReason then says what really went wrong). */
function withCauses(error: unknown): unknown {
  const [outer, ...causes] = causeChain(error);
  if (!outer || !causes.length) return error;
  const folded = new Error([outer.message, ...causes.map((c) => c.message)].join(': '), { cause: error });
  folded.name = outer.name;
  return folded;
}

export function stepHandler<S extends z.ZodType, R>(schema: S, fn: (input: z.infer<S>, context: Context) => Promise<R>) {
  return middy<unknown, R>()
    .use(observability())
    .handler(async (event, context) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) throw new StepInputError(`invalid step input: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    // The submission id is the execution name too: one key finds every line of one badge.
    const submissionId = (parsed.data as { submissionId?: unknown }).submissionId;
    if (typeof submissionId === 'string') logger.appendKeys({ submissionId });
    try {
      return await fn(parsed.data, context);
    } catch (error) {
      logger.warn('step failed', { error: error instanceof Error ? error : String(error), transient: isTransient(error) });
      if (isTransient(error)) {
        const retryable = new Error(error instanceof Error ? error.message : String(error), { cause: error });
        retryable.name = RETRYABLE_STEP_ERROR;
        throw retryable;
      }
      throw withCauses(error);
    }
  });
}
