// Everything that holds data and must outlive a redeploy: the table, the signing keys, the buckets
// and the mail identity. Kept apart from compute so that replacing or tearing down the stateless
// stack can never touch an issued credential or the key that signed it.
import { CfnOutput, RemovalPolicy, Stack, Validations, type StackProps, aws_apigateway as apigw, aws_iam as iam } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from '../../config/schema.ts';
import { ArtefactBuckets } from '../constructs/artefact-buckets.ts';
import { IssuanceTable } from '../constructs/issuance-table.ts';
import { Mail } from '../constructs/mail.ts';
import type { ProofFormat } from '@tessera/core';
import { SigningKey, signerRolePath } from '../constructs/signing-key.ts';

export interface StatefulStackProps extends StackProps {
  readonly config: StageConfig;
}

export class StatefulStack extends Stack {
  public readonly table: IssuanceTable;
  /** The key that signs now (generation config.signingKeyGeneration). */
  public readonly signingKey: SigningKey;
  /** Earlier generations, oldest first: kept so nothing they signed loses its key; granted to nobody. */
  public readonly retiredSigningKeys: readonly SigningKey[];
  /** The RSA key that signs VC-JWTs now (generation config.vcJwtKeyGeneration); only with config.vcJwt. */
  public readonly jwtSigningKey?: SigningKey;
  /** Earlier VC-JWT keys, oldest first: kept, granted to nobody. */
  public readonly retiredJwtSigningKeys: readonly SigningKey[];
  public readonly buckets: ArtefactBuckets;
  public readonly mail: Mail;
  /** The public bucket's ARN as a named export: the stateless stack's publish grant names it, and
   *  a fixed name makes that grant's nag acknowledgement exact instead of a generated id. */
  public readonly publicSiteBucketArnExportName: string;
  /** The deliveries bucket's ARN as a named export, for the same reason. */
  public readonly deliveryBucketArnExportName: string;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.table = new IssuanceTable(this, 'IssuanceTable');
    const ed25519 = this.signingKeyGenerations(config.stageName, 'SigningKey', 'issuer-signing', 'data-integrity', config.signingKeyGeneration);
    this.signingKey = ed25519.current;
    this.retiredSigningKeys = ed25519.retired;
    const jwt = config.vcJwt ? this.signingKeyGenerations(config.stageName, 'JwtSigningKey', 'issuer-jwt-signing', 'vc-jwt', config.vcJwtKeyGeneration) : undefined;
    this.jwtSigningKey = jwt?.current;
    this.retiredJwtSigningKeys = jwt?.retired ?? [];
    this.buckets = new ArtefactBuckets(this, 'Buckets');
    this.mail = new Mail(this, 'Mail', { from: config.mail.from, identity: config.mail.identity, sandboxRecipients: config.mail.sandboxRecipients });
    if (config.apiGatewayCloudWatchRole) this.apiGatewayAccount();

    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'SigningKeyArn', { value: this.signingKey.key.keyArn });
    if (this.jwtSigningKey) new CfnOutput(this, 'JwtSigningKeyArn', { value: this.jwtSigningKey.key.keyArn });
    new CfnOutput(this, 'PublicSiteBucketName', { value: this.buckets.publicSite.bucketName });
    this.publicSiteBucketArnExportName = `${this.stackName}-PublicSiteBucketArn`;
    new CfnOutput(this, 'PublicSiteBucketArn', { value: this.buckets.publicSite.bucketArn, exportName: this.publicSiteBucketArnExportName });
    new CfnOutput(this, 'EvidenceBucketName', { value: this.buckets.evidence.bucketName });
    this.deliveryBucketArnExportName = `${this.stackName}-DeliveryBucketArn`;
    new CfnOutput(this, 'DeliveryBucketArn', { value: this.buckets.deliveries.bucketArn, exportName: this.deliveryBucketArnExportName });
  }

  /**
   * Keys 1..generation of one proof format: the last signs, the others are retired. Generation 1
   * keeps the ids it always had, so introducing rotation replaced nothing.
   */
  private signingKeyGenerations(stageName: string, id: string, alias: string, proofFormat: ProofFormat, generation: number) {
    const keys = Array.from({ length: generation }, (_, i) => {
      const suffix = i === 0 ? '' : `${i + 1}`;
      const current = i === generation - 1;
      return new SigningKey(this, `${id}${suffix}`, {
        proofFormat,
        aliasName: `tessera/${stageName}/${alias}${suffix ? `-${suffix}` : ''}`,
        signerRolePath: current ? signerRolePath(stageName, proofFormat) : undefined,
      });
    });
    const retired = keys.slice(0, -1);
    // The App stack imported a retired key's ARN until this deploy: keep exporting it, or the Data
    // stack (deployed first) could not drop an export the old App stack still uses.
    for (const key of retired) this.exportValue(key.key.keyArn);
    return { current: keys.at(-1)!, retired };
  }

  /**
   * API Gateway's CloudWatch role, an account-wide setting (one per account and region, shared by
   * every API in it): without it a stage with access logs fails to deploy ("CloudWatch Logs role ARN
   * must be set in account settings"). Both are retained: another API in the account may rely on
   * the setting after this stage is gone.
   */
  private apiGatewayAccount(): void {
    const role = new iam.Role(this, 'ApiGatewayCloudWatchRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'Account-wide: lets API Gateway write access and execution logs to CloudWatch Logs (set by Tessera)',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs')],
    });
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const account = new apigw.CfnAccount(this, 'ApiGatewayAccount', { cloudWatchRoleArn: role.roleArn });
    account.applyRemovalPolicy(RemovalPolicy.RETAIN);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'The AWS-managed policy API Gateway documents for its account-wide logging role; it must create log groups and streams for every API in the account and region, so it cannot be scoped to ours.',
    });
  }
}
