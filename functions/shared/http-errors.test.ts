// The HTTP edge over the real middy chain of real handlers: a failure we did not foresee (here,
// DynamoDB refusing with an error that names the account, role and table) is logged for operators
// and answered with a bare 500 — no stack, no internal message — while our typed errors keep
// their own status and message. The only mock is the DynamoDB client, and we check what it was sent.
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { awsConfig } from '../../test/support/aws-config.ts';
import { lambdaContext } from '../../test/support/lambda.ts';
import { createHandler as createReviewHandler } from '../review/handler.ts';
import { hashReviewSecret } from '@tessera/issuance';
import { createHandler as createIntakeHandler } from '../webhook-intake/handler.ts';
import { createDependencies } from './dependencies.ts';

const TABLE = 'tessera-prod-Table-1A2B3C';
// What AWS really says when a role lacks a permission: account, role and table in one message.
const INTERNAL = `User: arn:aws:sts::111122223333:assumed-role/tessera-prod-Intake/fn is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:eu-west-1:111122223333:table/${TABLE}`;
const accessDenied = () => Object.assign(new Error(INTERNAL), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });

const dynamodb = mockClient(DynamoDBDocumentClient);
const config = awsConfig({ TESSERA_TABLE_NAME: TABLE });
const deps = createDependencies(config);

function request(overrides: Partial<APIGatewayProxyEvent>): APIGatewayProxyEvent {
  return {
    httpMethod: 'POST',
    path: '/',
    resource: '/',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {} as APIGatewayProxyEvent['requestContext'],
    ...overrides,
  };
}

/** Everything the caller receives, as one string: nothing internal may be anywhere in it. */
const everything = (response: { body: string; headers?: Record<string, unknown> }) => `${JSON.stringify(response.headers ?? {})}\n${response.body}`;

let logged: string[];
beforeEach(() => {
  dynamodb.reset();
  logged = [];
  // Powertools writes its JSON lines to stdout and stderr; operators must still see the cause there.
  for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => logged.push(String(chunk)) > 0);
});
afterEach(() => vi.restoreAllMocks());

describe('JSON routes (POST /webhooks/{sourceId}) when something unforeseen fails', () => {
  const intake = createIntakeHandler(() => deps);
  const post = () =>
    intake(request({ path: '/webhooks/moodle', pathParameters: { sourceId: 'moodle' }, body: '{"eventId":"e1"}', headers: { 'Tessera-Signature': 't=1,v1=00' } }), lambdaContext());

  it('answers a generic 500 with the request id, and no internal detail', async () => {
    dynamodb.on(GetCommand).rejects(accessDenied());

    const response = await post();

    expect(response.statusCode).toBe(500);
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    expect(JSON.parse(response.body)).toEqual({ error: 'internal_error', message: 'Something went wrong on our side.', requestId: lambdaContext().awsRequestId });
    for (const secret of ['111122223333', TABLE, 'AccessDenied', 'not authorized', 'arn:aws', '    at ', '.ts:']) expect(everything(response)).not.toContain(secret);
    // It read the source the path names, exactly once, and nothing else.
    expect(dynamodb.calls().map((c) => [c.args[0].constructor.name, c.args[0].input])).toEqual([
      ['GetCommand', { TableName: TABLE, Key: { pk: 'SOURCE#moodle', sk: 'SOURCE' }, ConsistentRead: true }],
    ]);
  });

  it('logs the real cause for operators', async () => {
    dynamodb.on(GetCommand).rejects(accessDenied());

    await post();

    expect(logged.join('\n')).toContain('not authorized to perform: dynamodb:GetItem');
  });

  it('also hides a thrown non-Error value', async () => {
    dynamodb.on(GetCommand).callsFake(() => Promise.reject(`raw failure from ${TABLE}`)); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors -- the point of the test

    const response = await post();

    expect(response.statusCode).toBe(500);
    expect(everything(response)).not.toContain(TABLE);
  });

  it('keeps a typed 4xx as it is: an unknown source is 401 with its own message', async () => {
    dynamodb.on(GetCommand).resolves({});

    const response = await post();

    expect(response.statusCode).toBe(401);
    // (The header is malformed too: an unknown source is answered exactly like a bad signature.)
    expect(JSON.parse(response.body)).toEqual({ error: 'unauthorized', message: 'malformed Tessera-Signature header: expected t=<unix seconds>,v1=<hex hmac>' });
  });
});

describe('HTML routes (GET /review/{secret}) when something unforeseen fails', () => {
  const review = createReviewHandler(() => deps);
  const secret = 'A'.repeat(43);
  const open = () => review(request({ httpMethod: 'GET', path: `/review/${secret}`, pathParameters: { secret } }), lambdaContext());

  it('answers a 500 page that says to try later, with no internal detail', async () => {
    dynamodb.on(GetCommand).rejects(accessDenied());

    const response = await open();

    expect(response.statusCode).toBe(500);
    expect(response.headers?.['Content-Type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('Something went wrong on our side. Please try again later.');
    for (const secretPart of ['111122223333', TABLE, 'AccessDenied', 'not authorized', '    at ', secret]) expect(everything(response)).not.toContain(secretPart);
    expect(dynamodb.calls().map((c) => [c.args[0].constructor.name, c.args[0].input])).toEqual([
      ['GetCommand', { TableName: TABLE, Key: { pk: `REVIEW#${hashReviewSecret(secret)}`, sk: 'REVIEW' }, ConsistentRead: true }],
    ]);
  });

  it('keeps a typed 4xx as a page: an unknown link is 404 saying so', async () => {
    dynamodb.on(GetCommand).resolves({});

    const response = await open();

    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('This review link is not valid.');
  });
});
