// Retry classification over the real middy chain of a workflow step: the state machine retries
// only errors named Tessera.Retryable, so a throttled AWS call must carry that name (even when a
// library wrapped it), and a real failure must not (it goes to the Catch with its causes spelled out).
import { KMSClient, KMSInternalException, KMSInvalidStateException, SignCommand } from '@aws-sdk/client-kms';
import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { RETRYABLE_STEP_ERROR } from '@tessera/workflow';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { lambdaContext } from '../../test/support/lambda.ts';
import { stepHandler } from './step.ts';

const KEY_ID = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const kms = mockClient(KMSClient);
const dynamodb = mockClient(DynamoDBClient);
const $metadata = { httpStatusCode: 400 };

const Input = z.object({ submissionId: z.string().min(1) });

/** A step that signs with KMS, as ReleaseCredential does; a library may wrap what KMS throws. */
const signingStep = (wrap: (error: unknown) => unknown = (e) => e) =>
  stepHandler(Input, async ({ submissionId }) => {
    try {
      const signed = await new KMSClient({ region: 'eu-west-1' }).send(
        new SignCommand({ KeyId: KEY_ID, Message: Buffer.from(submissionId), MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' }),
      );
      return { signature: Buffer.from(signed.Signature ?? []).toString('hex') };
    } catch (error) {
      throw wrap(error);
    }
  });

/** A step that reads the submission from DynamoDB. */
const readingStep = () =>
  stepHandler(Input, async ({ submissionId }) => {
    await new DynamoDBClient({ region: 'eu-west-1' }).send(new GetItemCommand({ TableName: 'tessera', Key: { pk: { S: `SUB#${submissionId}` } } }));
    return { read: true };
  });

const failureOf = async (run: Promise<unknown>): Promise<Error> => {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error(`expected the step to fail with an Error, got ${String(error)}`);
  return error;
};

beforeEach(() => {
  kms.reset();
  dynamodb.reset();
});

describe('workflow steps: which failures the state machine retries', () => {
  it('a step that succeeds returns its result, and sent the exact command', async () => {
    kms.on(SignCommand).resolves({ KeyId: KEY_ID, Signature: new Uint8Array([1, 2]), SigningAlgorithm: 'ED25519_SHA_512' });

    const result = await signingStep()({ submissionId: 'sub_1' }, lambdaContext());

    expect(result).toEqual({ signature: '0102' });
    expect(kms.commandCalls(SignCommand).map((c) => c.args[0].input)).toEqual([
      { KeyId: KEY_ID, Message: Buffer.from('sub_1'), MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' },
    ]);
  });

  it('renames a KMS internal error Tessera.Retryable, keeping its message (a fresh error: no cause travels to Step Functions)', async () => {
    const kmsError = new KMSInternalException({ message: 'KMS had a moment', $metadata });
    kms.on(SignCommand).rejects(kmsError);

    const error = await failureOf(signingStep()({ submissionId: 'sub_1' }, lambdaContext()));

    expect(error.name).toBe(RETRYABLE_STEP_ERROR);
    expect(error.name).toBe('Tessera.Retryable');
    expect(error.message).toBe('KMS had a moment');
    expect(error).not.toBe(kmsError);
    expect(error.cause).toBeUndefined();
  });

  it('renames throttled DynamoDB reads Tessera.Retryable', async () => {
    dynamodb.on(GetItemCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata }));

    const error = await failureOf(readingStep()({ submissionId: 'sub_1' }, lambdaContext()));

    expect(error.name).toBe('Tessera.Retryable');
    expect(dynamodb.commandCalls(GetItemCommand).map((c) => c.args[0].input)).toEqual([{ TableName: 'tessera', Key: { pk: { S: 'SUB#sub_1' } } }]);
  });

  it('follows causes: a throttle wrapped by a library (twice) is still retried', async () => {
    kms.on(SignCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const wrapTwice = (e: unknown) => new Error('could not sign the credential', { cause: new Error('signer failed', { cause: e }) });

    const error = await failureOf(signingStep(wrapTwice)({ submissionId: 'sub_1' }, lambdaContext()));

    expect(error.name).toBe('Tessera.Retryable');
    expect(error.message).toBe('could not sign the credential: signer failed: Rate exceeded');
  });

  it.each([
    ['an SDK error marked $retryable', Object.assign(new Error('try again'), { name: 'SomeNewException', $retryable: { throttling: false } })],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a client-side timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    ['an unavailable service', Object.assign(new Error('unavailable'), { name: 'ServiceUnavailableException' })],
    ['too many requests', Object.assign(new Error('429'), { name: 'TooManyRequestsException' })],
  ])('retries %s', async (_what, thrown) => {
    kms.on(SignCommand).rejects(thrown);

    const error = await failureOf(signingStep()({ submissionId: 'sub_1' }, lambdaContext()));

    expect(error.name).toBe('Tessera.Retryable');
  });

  it('does not retry a permanent AWS error: its own name goes to the Catch', async () => {
    kms.on(SignCommand).rejects(new KMSInvalidStateException({ message: 'key is pending deletion', $metadata }));

    const error = await failureOf(signingStep()({ submissionId: 'sub_1' }, lambdaContext()));

    expect(error.name).toBe('KMSInvalidStateException');
    expect(error.message).toBe('key is pending deletion');
  });

  it('does not retry a failed condition, and folds the causes into the message the submission records', async () => {
    dynamodb.on(GetItemCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata }));
    const step = stepHandler(Input, async () => {
      try {
        await new DynamoDBClient({ region: 'eu-west-1' }).send(new GetItemCommand({ TableName: 'tessera', Key: { pk: { S: 'SUB#x' } } }));
      } catch (error) {
        throw new Error('submission is no longer APPROVED', { cause: error });
      }
    });

    const error = await failureOf(step({ submissionId: 'sub_1' }, lambdaContext()));

    expect(error.name).toBe('Error');
    expect(error.message).toBe('submission is no longer APPROVED: The conditional request failed');
  });

  it("keeps a typed failure's name and message when nothing is wrapped", async () => {
    class NoSuchAchievementError extends Error {
      override name = 'NoSuchAchievementError';
    }
    const step = stepHandler(Input, async () => {
      throw new NoSuchAchievementError('achievement demo is gone');
    });

    const error = await failureOf(step({ submissionId: 'sub_1' }, lambdaContext()));

    expect(error.name).toBe('NoSuchAchievementError');
    expect(error.message).toBe('achievement demo is gone');
  });

  it('refuses invalid step input as Tessera.InvalidStepInput, naming the field, without calling the step', async () => {
    const error = await failureOf(signingStep()({ submissionId: '' }, lambdaContext()));

    expect(error.name).toBe('Tessera.InvalidStepInput');
    expect(error.message).toMatch(/^invalid step input: submissionId: /);
    expect(kms.commandCalls(SignCommand)).toHaveLength(0);
  });
});
