// The webhook's per-client rate limit behind CloudFront, through the real handler over DynamoDB
// Local: two LMSs behind one CloudFront edge are counted apart, by the viewer address CloudFront
// forwards (functions/shared/client-address.ts). Unsigned requests are refused (401) after the
// limit is taken, so a 429 says the client, not the source, ran out.
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '@tessera/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createDependencies } from '../../functions/shared/dependencies.ts';
import { createRateLimits } from '../../functions/shared/rate-limit.ts';
import { createHandler } from '../../functions/webhook-intake/handler.ts';
import { awsConfig } from '../support/aws-config.ts';
import { createTestTable } from '../support/dynamodb.ts';
import { lambdaContext } from '../support/lambda.ts';

const EDGE = '130.176.1.10';
const webhook = (viewer: string, sourceId: string) =>
  ({
    httpMethod: 'POST',
    path: `/webhooks/${sourceId}`,
    pathParameters: { sourceId },
    headers: { 'Content-Type': 'application/json', [ORIGIN_VERIFY_HEADER]: 'the-secret', [VIEWER_ADDRESS_HEADER]: viewer },
    requestContext: { identity: { sourceIp: EDGE } },
    body: '{}',
  }) as unknown as APIGatewayProxyEvent;

describe('webhook rate limit per client behind CloudFront', () => {
  it('counts each viewer behind the edge on its own, and limits each', async () => {
    // Prepare: one request a minute per source and per client; three sources, so only the client can run out
    const table = await createTestTable();
    const deps = createDependencies(awsConfig({ TESSERA_TABLE_NAME: table.tableName, TESSERA_CLIENT_ADDRESS: 'cloudfront' }), {
      store: table.store,
      rateLimits: createRateLimits({ verifyPerMinute: 1, webhookPerMinute: 1 }),
    });
    const intake = createHandler(() => deps);

    // Act
    const first = await intake(webhook('198.51.100.10:1000', 'lms-a'), lambdaContext());
    const otherViewer = await intake(webhook('203.0.113.7:2000', 'lms-b'), lambdaContext());
    const sameViewer = await intake(webhook('198.51.100.10:1001', 'lms-c'), lambdaContext());

    // Assess
    expect([first.statusCode, otherViewer.statusCode, sameViewer.statusCode]).toEqual([401, 401, 429]);
  });
});
