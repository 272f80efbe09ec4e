// The step wrapper over its real middy chain: what a failed step hands Step Functions (name,
// message, stack trace) keeps the operator's reason and never a learner's e-mail address.
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { RETRYABLE_STEP_ERROR } from '@tessera/workflow';
import { failureReason } from '../record-outcome/outcome.ts';
import { REDACTED_EMAIL, redactEmails, stepHandler } from './step.ts';

const context = { awsRequestId: 'req-1', functionName: 'notify-earner' } as Context;
const LEARNER = 'ada.lovelace+badges@student.example.org';

/** Shaped as @aws-sdk/client-sesv2 throws it in the sandbox: the refused recipient in the message. */
function sesRefusal(name = 'MessageRejected', extra: Record<string, unknown> = {}): Error {
  const error = new Error(`Email address is not verified. The following identities failed the check in region EU-WEST-1: ${LEARNER}`);
  error.name = name;
  return Object.assign(error, { $fault: 'client', $metadata: { httpStatusCode: 400 } }, extra);
}

/** A mail adapter's wrapping, as packages/adapters does: its own message names the recipient too. */
class MailDeliveryError extends Error {
  override name = 'Tessera.MailDeliveryError';
}

/** What the Lambda runtime sends Step Functions for a thrown error (the Cause of the failed task). */
const lambdaCause = (error: Error) => JSON.stringify({ errorType: error.name, errorMessage: error.message, trace: error.stack?.split('\n') ?? [] });

async function failureOf(thrown: unknown): Promise<Error> {
  const handler = stepHandler(z.object({ submissionId: z.string() }), async () => {
    throw thrown;
  });
  return handler({ submissionId: 'sub-1' }, context).then(
    () => expect.unreachable('the step should have failed'),
    (error: Error) => error,
  );
}

describe('stepHandler: no e-mail address reaches the execution history', () => {
  it('redacts the recipient of an SES refusal from the folded message and the stack trace, keeping the reason', async () => {
    // Prepare
    const thrown = new MailDeliveryError(`could not mail the credential to <${LEARNER}>`, { cause: sesRefusal() });

    // Act
    const error = await failureOf(thrown);

    // Assess
    expect(error.name).toBe('Tessera.MailDeliveryError');
    expect(error.message).toBe(
      `could not mail the credential to <${REDACTED_EMAIL}>: Email address is not verified. The following identities failed the check in region EU-WEST-1: ${REDACTED_EMAIL}`,
    );
    expect(error.cause).toBeUndefined();
    const cause = lambdaCause(error);
    expect(cause).not.toContain('student.example.org');
    expect(cause).not.toContain('lovelace');
    // What record-outcome then stores as the submission's failureReason: the same redacted text.
    const reason = failureReason({ Error: error.name, Cause: cause });
    expect(reason).toBe(`Tessera.MailDeliveryError: ${error.message}`);
    expect(reason).not.toContain('student.example.org');
  });

  it('redacts a transient SES failure too, and still hands it to the Retry', async () => {
    // Act
    const error = await failureOf(sesRefusal('TooManyRequestsException', { $retryable: { throttling: true } }));

    // Assess
    expect(error.name).toBe(RETRYABLE_STEP_ERROR);
    expect(error.message).toBe(`Email address is not verified. The following identities failed the check in region EU-WEST-1: ${REDACTED_EMAIL}`);
    expect(lambdaCause(error)).not.toContain('lovelace');
  });

  it('redacts an address from the error name and from a thrown non-Error', async () => {
    // Prepare
    const named = new Error('refused');
    named.name = `Rejected:${LEARNER}`;

    // Act
    const fromName = await failureOf(named);
    const fromString = await failureOf(`mailbox ${LEARNER} is full`);

    // Assess
    expect(fromName.name).toBe(`Rejected:${REDACTED_EMAIL}`);
    expect(fromString.message).toBe(`mailbox ${REDACTED_EMAIL} is full`);
  });

  it('leaves a failure that names no address exactly as it was, causes folded in', async () => {
    // Act
    const error = await failureOf(new Error('release failed', { cause: new Error('status list STATUSLIST#iss-1 is full') }));

    // Assess
    expect(error.name).toBe('Error');
    expect(error.message).toBe('release failed: status list STATUSLIST#iss-1 is full');
  });

  it('still refuses bad input by name, before running the step', async () => {
    // Act
    const handler = stepHandler(z.object({ submissionId: z.string() }), async () => 'ran');
    const error = await handler({ submissionId: 42 }, context).catch((e: Error) => e);

    // Assess
    expect((error as Error).name).toBe('Tessera.InvalidStepInput');
    expect((error as Error).message).toMatch(/^invalid step input: submissionId: /);
  });
});

describe('redactEmails', () => {
  it.each([
    ['to learner@example.org.', `to ${REDACTED_EMAIL}.`],
    ['"A. Learner" <a.learner@mail.example.ac.uk>', `"A. Learner" <${REDACTED_EMAIL}>`],
    ['identities: x@localhost, y_z@example.com', `identities: ${REDACTED_EMAIL}, ${REDACTED_EMAIL}`],
    ['mailto=learner%40example.org', `${REDACTED_EMAIL}`],
    ['https://example.edu/credentials/abc.json', 'https://example.edu/credentials/abc.json'],
    ['did:web:example.edu#key-1', 'did:web:example.edu#key-1'],
  ])('%s', (input, expected) => {
    expect(redactEmails(input)).toBe(expected);
  });
});
