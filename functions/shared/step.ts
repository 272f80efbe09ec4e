// The wrapper every workflow step shares: validate the step's input at the edge, and rename
// transient faults so the state machine's Retry (Tessera.Retryable) takes them while real
// failures go straight to the Catch that records the submission as FAILED.
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
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
  return causeChain(error).some((e) => Boolean((e as { $retryable?: unknown }).$retryable) || TRANSIENT_NAMES.has(e.name) || (e as { code?: string }).code === 'ECONNRESET');
}

/** Anything shaped like an e-mail address (local@domain, or %40-encoded), wherever it sits in a message. */
const EMAIL_LIKE = /[^\s<>()[\]{}"',;:@\\]+(?:@|%40)[^\s<>()[\]{}"',;:@\\]*[A-Za-z0-9]/gi;
export const REDACTED_EMAIL = '[e-mail redacted]';

/** Removes e-mail addresses and leaves the rest of the reason as it was, for the operator. */
export function redactEmails(text: string): string {
  return text.replace(EMAIL_LIKE, REDACTED_EMAIL);
}

/**
 * What leaves the Lambda for the execution history (and, through the Catch, the submission's
 * failureReason): the name, and the message with its causes folded in (Step Functions keeps only
 * those), both without e-mail addresses. A fresh error, so its stack trace, which the runtime
 * sends too, starts with the redacted message and no cause travels with it; the original stays in
 * this function's own log line.
 */
function forHistory(error: unknown, name?: string): Error {
  const chain = causeChain(error);
  const message = chain.length ? chain.map((c) => c.message).join(': ') : String(error);
  const safe = new Error(redactEmails(message));
  safe.name = redactEmails(name ?? chain[0]?.name ?? 'Error');
  return safe;
}

export function stepHandler<S extends z.ZodType, R>(schema: S, fn: (input: z.infer<S>, context: Context) => Promise<R>) {
  return middy<unknown, R>()
    .use(observability())
    .handler(async (event, context) => {
      const parsed = schema.safeParse(event);
      if (!parsed.success) throw forHistory(new StepInputError(`invalid step input: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`));
      // The submission id is the execution name too: one key finds every line of one badge.
      const submissionId = (parsed.data as { submissionId?: unknown }).submissionId;
      if (typeof submissionId === 'string') logger.appendKeys({ submissionId });
      try {
        return await fn(parsed.data, context);
      } catch (error) {
        logger.warn('step failed', { error: error instanceof Error ? error : String(error), transient: isTransient(error) });
        throw forHistory(error, isTransient(error) ? RETRYABLE_STEP_ERROR : undefined);
      }
    });
}
