// The stateful stack: what an auditor checks first, because it holds every issued credential and
// the key that signed them.
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DEFINITION } from '@tessera/store';
import { exampleConfig, resourcesOf, synthStage } from './support.ts';

let data: ReturnType<typeof synthStage>['data'];
beforeAll(() => {
  ({ data } = synthStage());
});

describe('IssuanceTable', () => {
  it('is built from TABLE_DEFINITION: keys, index and TTL attribute the code relies on', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_DEFINITION.globalSecondaryIndexes.map((index) =>
        Match.objectLike({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: index.projection },
        }),
      ),
      TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.timeToLiveAttribute, Enabled: true },
    });
  });

  it('is on-demand, point-in-time recoverable, deletion-protected and retained', () => {
    // Act
    const tables = Object.values(resourcesOf(data, 'AWS::DynamoDB::Table'));

    // Assess
    expect(tables).toHaveLength(1);
    const table = tables[0]!;
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });
});

describe('SigningKey', () => {
  it('is an Ed25519 signing key (spec AND usage: without usage KMS would refuse the key)', () => {
    data.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' });
  });

  it('is retained, and deletion waits the longest window KMS allows', () => {
    // Act
    const keys = Object.values(resourcesOf(data, 'AWS::KMS::Key'));

    // Assess
    expect(keys).toHaveLength(1);
    expect(keys[0]!.DeletionPolicy).toBe('Retain');
    expect(keys[0]!.Properties.PendingWindowInDays).toBe(30);
  });

  it('has a stage-scoped alias', () => {
    data.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/tessera/test/issuer-signing' });
  });

  it('rotates by adding a key: the first keeps its logical id, both are retained, the App stack signs with the new one only', () => {
    // Prepare
    const firstKeyId = Object.keys(resourcesOf(data, 'AWS::KMS::Key'))[0]!;

    // Act
    const rotated = synthStage(exampleConfig({ signingKeyGeneration: 2 }));

    // Assess: a renamed first key would be a new key (and the old one orphaned): rotation by accident.
    const keys = resourcesOf(rotated.data, 'AWS::KMS::Key');
    expect(Object.keys(keys)).toHaveLength(2);
    expect(keys[firstKeyId]).toBeDefined();
    for (const key of Object.values(keys)) {
      expect(key.DeletionPolicy).toBe('Retain');
      expect(key.Properties).toMatchObject({ KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' });
    }
    const aliases = Object.values(resourcesOf(rotated.data, 'AWS::KMS::Alias'))
      .map((a) => a.Properties.AliasName)
      .sort();
    expect(aliases).toEqual(['alias/tessera/test/issuer-signing', 'alias/tessera/test/issuer-signing-2']);

    const newKeyId = Object.keys(keys).find((id) => id !== firstKeyId)!;
    const appTemplate = JSON.stringify(rotated.app.toJSON());
    const imports = [...appTemplate.matchAll(/"Fn::ImportValue":"([^"]*SigningKey[^"]*)"/g)].map((m) => m[1]!);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.every((name) => name.includes(newKeyId))).toBe(true);
    // The old key's export survives, so the Data stack can deploy before the App stack lets go of it.
    const exports = Object.values(rotated.data.toJSON().Outputs as Record<string, { Export?: { Name: string } }>).map((o) => o.Export?.Name ?? '');
    expect(exports.some((name) => name.includes(firstKeyId))).toBe(true);
  });
});

describe('SigningKey policy', () => {
  type Statement = { Sid?: string; Action: string | string[]; Condition?: Record<string, Record<string, unknown>> };
  const policyOf = (template: typeof data, aliasPart: string) => {
    const aliases = Object.values(resourcesOf(template, 'AWS::KMS::Alias'));
    const alias = aliases.find((a) => String(a.Properties.AliasName).endsWith(aliasPart))!;
    const keyId = alias.Properties.TargetKeyId['Fn::GetAtt'][0] as string;
    return resourcesOf(template, 'AWS::KMS::Key')[keyId]!.Properties.KeyPolicy.Statement as Statement[];
  };
  const actions = (s: Statement) => [s.Action].flat();

  it('lets the account administer the key but not use it: no kms:*, no Sign outside the signer statement', () => {
    // Act
    const statements = policyOf(data, '/issuer-signing');

    // Assess
    expect(statements.flatMap(actions)).not.toContain('kms:*');
    const admin = statements.find((s) => s.Sid === 'KeyAdministration')!;
    expect(actions(admin)).toContain('kms:ScheduleKeyDeletion');
    expect(actions(admin).filter((a) => /^kms:(Sign|Verify|\*|Encrypt|Decrypt|GenerateDataKey)/.test(a))).toEqual([]);
    expect(statements.filter((s) => actions(s).includes('kms:Sign')).map((s) => s.Sid)).toEqual(['SignAsIssuer']);
  });

  it("grants kms:Sign only to roles under the stage's signer path, only Ed25519 over raw messages", () => {
    // Act
    const sign = policyOf(data, '/issuer-signing').find((s) => s.Sid === 'SignAsIssuer')!;

    // Assess
    expect(JSON.stringify(sign.Condition!.ArnLike!['aws:PrincipalArn'])).toContain(':role/tessera/test/signers/*');
    expect(sign.Condition!.StringEquals).toEqual({ 'kms:SigningAlgorithm': 'ED25519_SHA_512', 'kms:MessageType': 'RAW' });
  });

  it('after a rotation, lets nobody sign with the retired key', () => {
    // Prepare
    const rotated = synthStage(exampleConfig({ signingKeyGeneration: 2 })).data;

    // Act
    const retired = policyOf(rotated, '/issuer-signing');
    const current = policyOf(rotated, '/issuer-signing-2');

    // Assess
    expect(retired.flatMap(actions).filter((a) => a === 'kms:Sign' || a === 'kms:*')).toEqual([]);
    expect(current.some((s) => s.Sid === 'SignAsIssuer')).toBe(true);
  });

  it('admits only VC-JWT signers (release-credential) to the RSA key', () => {
    // Act
    const sign = policyOf(synthStage(exampleConfig({ vcJwt: true })).data, '/issuer-jwt-signing').find((s) => s.Sid === 'SignAsIssuer')!;

    // Assess
    expect(JSON.stringify(sign.Condition!.ArnLike!['aws:PrincipalArn'])).toContain(':role/tessera/test/signers/jwt/*');
    expect(sign.Condition!.StringEquals).toEqual({ 'kms:SigningAlgorithm': 'RSASSA_PKCS1_V1_5_SHA_256', 'kms:MessageType': 'DIGEST' });
  });
});

describe('API Gateway account setting', () => {
  it('sets the account-wide CloudWatch role a fresh account lacks (API access logs need it), retained', () => {
    // Act
    const accounts = Object.values(resourcesOf(data, 'AWS::ApiGateway::Account'));
    const roleId = accounts[0]!.Properties.CloudWatchRoleArn['Fn::GetAtt'][0] as string;
    const role = resourcesOf(data, 'AWS::IAM::Role')[roleId]!;

    // Assess
    expect(accounts).toHaveLength(1);
    expect(accounts[0]!.DeletionPolicy).toBe('Retain');
    expect(role.DeletionPolicy).toBe('Retain');
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'apigateway.amazonaws.com' });
  });

  it('leaves it alone when the stage says another stack owns it', () => {
    expect(Object.keys(resourcesOf(synthStage(exampleConfig({ apiGatewayCloudWatchRole: false })).data, 'AWS::ApiGateway::Account'))).toEqual([]);
  });
});

describe('ArtefactBuckets', () => {
  it('encrypts, versions and blocks public access on every bucket, and retains them', () => {
    // Act
    const buckets = Object.values(resourcesOf(data, 'AWS::S3::Bucket'));

    // Assess: access logs, public site, evidence, kept LMS deliveries.
    expect(buckets).toHaveLength(4);
    for (const bucket of buckets) {
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.DeletionPolicy).toBe('Retain');
    }
  });

  it('expires superseded status lists after 90 days, and nothing else of the public bucket', () => {
    // Act
    const withRules = Object.values(resourcesOf(data, 'AWS::S3::Bucket')).filter((b) => b.Properties.LoggingConfiguration?.LogFilePrefix === 's3/public-site/');

    // Assess: credentials and their images are never expired, current or not.
    expect(withRules).toHaveLength(1);
    expect(withRules[0]!.Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'StatusListHistory', Prefix: 'status/', NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' },
    ]);
  });

  it('logs access to the public, evidence and deliveries buckets into the log bucket', () => {
    // Act
    const logged = Object.values(resourcesOf(data, 'AWS::S3::Bucket')).filter((b) => b.Properties.LoggingConfiguration);

    // Assess
    expect(logged.map((b) => b.Properties.LoggingConfiguration.LogFilePrefix).sort()).toEqual(['s3/deliveries/', 's3/evidence/', 's3/public-site/']);
  });

  it('refuses plain-HTTP requests on every bucket', () => {
    // Act
    const policies = Object.values(resourcesOf(data, 'AWS::S3::BucketPolicy'));

    // Assess
    expect(policies).toHaveLength(4);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('lets only CloudFront distributions of this account read the public bucket, and nobody else read anything', () => {
    // Act
    const allows = Object.values(resourcesOf(data, 'AWS::S3::BucketPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s: { Effect: string }) => s.Effect === 'Allow');

    // Assess: the logging service may write logs; CloudFront may read artefacts; that is all.
    const readers = allows.filter((s: { Action: unknown }) => JSON.stringify(s.Action).includes('GetObject'));
    expect(readers).toHaveLength(1);
    expect(readers[0]).toMatchObject({
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Condition: { StringEquals: { 'AWS:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'AWS:SourceArn': expect.anything() } },
    });
    const principals = allows.map((s: { Principal: { Service?: string } }) => s.Principal.Service).sort();
    expect(principals).toEqual(['cloudfront.amazonaws.com', 'logging.s3.amazonaws.com', 'logging.s3.amazonaws.com', 'logging.s3.amazonaws.com'].sort());
  });
});

describe('Mail', () => {
  it('verifies the sender domain in SES by default', () => {
    data.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'example.edu' });
  });

  it('verifies only the address when asked to', () => {
    // Act
    const { data: addressOnly } = synthStage(exampleConfig({ mail: { from: 'badges@example.edu', identity: 'address' } }));

    // Assess
    addressOnly.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'badges@example.edu' });
  });
});
