// The wrapper every workflow step shares: validate the step's input at the edge, and rename
// transient faults so the state machine's Retry (Tessera.Retryable) takes them while real
// failures go straight to the Catch that records the submission as FAILED.
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { RETRYABLE_STEP_ERROR } from '@tessera/workflow';

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

export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const retryable = (error as { $retryable?: unknown }).$retryable;
  return Boolean(retryable) || TRANSIENT_NAMES.has(error.name) || (error as { code?: string }).code === 'ECONNRESET';
}

export function stepHandler<S extends z.ZodType, R>(schema: S, fn: (input: z.infer<S>, context: Context) => Promise<R>) {
  return middy<unknown, R>().handler(async (event, context) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) throw new StepInputError(`invalid step input: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    try {
      return await fn(parsed.data, context);
    } catch (error) {
      if (isTransient(error)) {
        const retryable = new Error(error instanceof Error ? error.message : String(error), { cause: error });
        retryable.name = RETRYABLE_STEP_ERROR;
        throw retryable;
      }
      throw error;
    }
  });
}
