// The cdk-nag AwsSolutions gate: no unacknowledged finding, and every acknowledgement is one a
// security reviewer signed off (the list below) with a reason worth reading.
import { App, Stack, Validations, aws_s3 as s3 } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleConfig, synthStage } from './support.ts';

type Finding = { rule: string; resources: string[] };

function findings(scope: IConstruct): Finding[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.map((v) => ({ rule: v.ruleName, resources: v.violatingResources.map((r) => `${r.templatePath}#${r.resourceLogicalId}`) }));
}

function acknowledgements(scope: IConstruct): Array<{ path: string; id: string; reason: string }> {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      // Stored as { '<kind>::<rule id>': reason }, e.g. { 'Annotation::AwsSolutions-S1': '...' }.
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([key, reason]) => ({ path: c.node.path, id: key.replace(/^[A-Za-z]+::/, ''), reason })),
  );
}

/** Every rule this project acknowledges, reviewed; anything new must be added here on purpose. */
const REVIEWED_ACKNOWLEDGEMENTS = [
  'AwsSolutions-APIG4', // public routes: webhook signatures, review capability secrets, public verify
  'AwsSolutions-APIG6', // execution logs would record review secrets in the path
  'AwsSolutions-CFR1', // no geo restriction: credentials are verified worldwide
  'AwsSolutions-CFR2', // WAF optional (config webAclArn)
  'AwsSolutions-CFR3', // standard logs would record review secrets in the URI
  'AwsSolutions-CFR4', // only without a custom domain: the *.cloudfront.net certificate
  'AwsSolutions-COG4', // same public routes as APIG4
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]', // API Gateway's account-wide logging role
  'AwsSolutions-IAM5[Resource::*]', // X-Ray and Step Functions log delivery have no resource-level permissions
  'AwsSolutions-IAM5[Resource::arn:aws:states:eu-west-1:111122223333:execution:Tessera-test-Issuance:*]', // execution names are submission ids
  'AwsSolutions-IAM5[Resource::Tessera-test-Data-DeliveryBucketArn/deliveries/*]', // kept LMS delivery bodies: source and delivery ids
  'AwsSolutions-IAM5[Resource::Tessera-test-Data-PublicSiteBucketArn/achievements/*]', // achievement ids, chosen as achievements are published (admin)
  'AwsSolutions-IAM5[Resource::Tessera-test-Data-PublicSiteBucketArn/badges/*]', // credential ids minted at release: each credential's badge page
  'AwsSolutions-IAM5[Resource::Tessera-test-Data-PublicSiteBucketArn/credentials/*]', // credential ids minted at release
  'AwsSolutions-IAM5[Resource::Tessera-test-Data-PublicSiteBucketArn/status/*]', // status lists: issuer, purpose, list number
  'AwsSolutions-S1', // the access-log bucket itself
  'AwsSolutions-SMG4', // the origin-verify value: rotated by a deploy of both sides at once
  'AwsSolutions-SQS3', // the dead-letter queue itself
].sort();

describe('cdk-nag AwsSolutions', () => {
  let appRoot: ReturnType<typeof synthStage>['appRoot'];
  beforeAll(() => {
    ({ appRoot } = synthStage());
  });

  it('finds nothing unacknowledged in the default stage (no custom domain, no WAF)', () => {
    // Act
    const found = findings(appRoot);

    // Assess
    expect(found).toEqual([]);
  });

  it('finds nothing unacknowledged with a custom domain and a web ACL, and needs fewer acknowledgements', () => {
    // Prepare
    const { appRoot: withDomain } = synthStage(
      exampleConfig({
        publicDomain: { domainName: 'badges.example.edu', certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/0b5e7f9a-3c1d-4e2f-8a6b-9c0d1e2f3a4b' },
        webAclArn: 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/tessera/0b5e7f9a-3c1d-4e2f-8a6b-9c0d1e2f3a4b',
      }),
    );

    // Act
    const found = findings(withDomain);
    const ids = new Set(acknowledgements(withDomain).map((a) => a.id));

    // Assess
    expect(found).toEqual([]);
    expect(ids.has('AwsSolutions-CFR2')).toBe(false);
    expect(ids.has('AwsSolutions-CFR4')).toBe(false);
  });

  it('finds nothing unacknowledged after a key rotation with suspension on, in the SES sandbox, without the API Gateway account setting', () => {
    // Act
    const found = findings(
      synthStage(
        exampleConfig({
          signingKeyGeneration: 2,
          statusSuspension: true,
          mail: { from: 'badges@example.edu', sandboxRecipients: ['tester@example.org'] },
          apiGatewayCloudWatchRole: false,
          verifyReservedConcurrency: null,
        }),
      ).appRoot,
    );

    // Assess
    expect(found).toEqual([]);
  });

  it('finds nothing unacknowledged in a stage without an account (the account of the deploying credentials)', () => {
    expect(findings(synthStage(exampleConfig({ account: undefined })).appRoot)).toEqual([]);
  });

  it('finds nothing unacknowledged with VC-JWT on (its RSA key rotated once), and needs no new acknowledgement', () => {
    // Prepare
    const { appRoot: withJwt } = synthStage(exampleConfig({ vcJwt: true, vcJwtKeyGeneration: 2 }));

    // Act
    const found = findings(withJwt);
    const ids = [...new Set(acknowledgements(withJwt).map((a) => a.id))].sort();

    // Assess
    expect(found).toEqual([]);
    expect(ids).toEqual(REVIEWED_ACKNOWLEDGEMENTS);
  });

  it('acknowledges only reviewed rules, each with a reason a reviewer can check', () => {
    // Act
    const acks = acknowledgements(appRoot);

    // Assess
    expect([...new Set(acks.map((a) => a.id))].sort()).toEqual(REVIEWED_ACKNOWLEDGEMENTS);
    for (const ack of acks) {
      expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThanOrEqual(60);
      expect(ack.reason).not.toMatch(/\b(todo|tbd|fixme|temporary|later)\b/i);
    }
  });

  it('acknowledges the public-route rules on public routes only, never on /admin', () => {
    // Act
    const onMethods = acknowledgements(appRoot).filter((a) => a.id === 'AwsSolutions-APIG4' || a.id === 'AwsSolutions-COG4');

    // Assess
    expect(onMethods.length).toBeGreaterThan(0);
    expect(onMethods.filter((a) => a.path.includes('/admin/'))).toEqual([]);
  });

  it('does fail on an insecure resource (the gate is live)', () => {
    // Prepare
    const stack = new Stack(new App(), 'Insecure');
    new s3.Bucket(stack, 'Open', { enforceSSL: false });

    // Act
    const found = findings(stack).map((f) => f.rule);

    // Assess
    expect(found).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });
});
