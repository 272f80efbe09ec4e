// The S3 buckets: public artefacts (credentials, baked images, status lists, did.json, achievements) served through
// CloudFront, private evidence, and the access-log bucket both of them log to.
import { Aws, Duration, RemovalPolicy, Validations, aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { publicPaths } from '@tessera/core';

/** status/ : where every status list lives (publicPaths.statusList). */
const STATUS_LIST_OBJECT_PREFIX = `${publicPaths.statusList('x', 'revocation', 1).split('/')[0]}/`;

export interface ArtefactBucketsProps {
  /**
   * What happens to the public and evidence buckets when they leave the stack. Issued credentials
   * must stay reachable at their URLs, so they are kept.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How long access logs are kept before S3 expires them.
   * @default Duration.days(365)
   */
  readonly accessLogRetention?: Duration;
  /**
   * How long kept LMS delivery bodies (they name learners) stay for replay.
   * @default Duration.days(365)
   */
  readonly deliveryRetention?: Duration;
}

export class ArtefactBuckets extends Construct {
  /** Server access logs of the other buckets. */
  public readonly accessLogs: s3.Bucket;
  /** Public artefacts. Private to everyone but CloudFront (origin access control). */
  public readonly publicSite: s3.Bucket;
  /** Evidence files learners submit. Never public. */
  public readonly evidence: s3.Bucket;
  /** Verified LMS delivery bodies, kept for processing and replay (deliveries/<source>/<id>.json). Never public. */
  public readonly deliveries: s3.Bucket;

  constructor(scope: Construct, id: string, props: ArtefactBucketsProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED, // the only encryption S3 server access logging supports
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      // Only S3 server access logging writes here, authorised by the bucket policy: ACLs stay off, so
      // no object can be shared by an ACL. (CloudFront's standard logs, which need ACLs, are off:
      // they would record review secrets.)
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: props.accessLogRetention ?? Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "This is the access-log destination; logging its own access into itself would recurse. Reads of it are recorded only where the account's CloudTrail logs S3 data events.",
    });

    const secureBucket = (bucketId: string, prefix: string, lifecycleRules?: s3.LifecycleRule[]) =>
      new s3.Bucket(this, bucketId, {
        lifecycleRules,
        encryption: s3.BucketEncryption.S3_MANAGED,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        enforceSSL: true,
        versioned: true,
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: prefix,
        removalPolicy,
      });

    // SSE-S3 rather than KMS: every object here is public by design, and CloudFront would need
    // kms:Decrypt on a key for no confidentiality gained.
    // Status lists are re-published on every release and every revocation; each overwrite leaves a
    // noncurrent version. The table holds the truth; these are kept 90 days for inspection only.
    this.publicSite = secureBucket('PublicSite', 's3/public-site/', [
      { id: 'StatusListHistory', prefix: STATUS_LIST_OBJECT_PREFIX, noncurrentVersionExpiration: Duration.days(90) },
    ]);
    this.evidence = secureBucket('Evidence', 's3/evidence/');
    const deliveryRetention = props.deliveryRetention ?? Duration.days(365);
    this.deliveries = secureBucket('Deliveries', 's3/deliveries/', [{ id: 'DeliveryRetention', expiration: deliveryRetention, noncurrentVersionExpiration: Duration.days(30) }]);

    // CloudFront reads the public bucket through origin access control. The distribution lives in
    // the stateless stack; naming its id here would make the two stacks depend on each other, so
    // the grant admits any distribution of this account. The content is public anyway: what the
    // condition keeps out is other accounts' distributions.
    this.publicSite.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudFrontOriginAccessControlRead',
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [this.publicSite.arnForObjects('*')],
        conditions: {
          StringEquals: { 'AWS:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/*` },
        },
      }),
    );
  }
}
