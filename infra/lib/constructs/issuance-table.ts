// The one DynamoDB table behind Tessera (issuers, achievements, submissions, reviews,
// credentials), built from the same TABLE_DEFINITION that creates it on DynamoDB Local, so the
// keys, index and TTL attribute the code relies on are the ones deployed.
import { RemovalPolicy, aws_dynamodb as dynamodb } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { TABLE_DEFINITION } from '@tessera/store';

export interface IssuanceTableProps {
  /**
   * What happens to the table when it leaves the stack. Issued credentials are recorded here,
   * and a credential must stay verifiable and revocable for as long as the institution exists.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Refuse DeleteTable calls until someone turns this off on purpose.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

export class IssuanceTable extends Construct {
  public readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: IssuanceTableProps = {}) {
    super(scope, id);
    const attribute = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });
    if (TABLE_DEFINITION.keyType !== 'S') throw new Error(`IssuanceTable supports string keys only, TABLE_DEFINITION says ${TABLE_DEFINITION.keyType}`);

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: attribute(TABLE_DEFINITION.partitionKey),
      sortKey: attribute(TABLE_DEFINITION.sortKey),
      // On-demand: issuance is bursty (end of term) and idle most of the year.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      timeToLiveAttribute: TABLE_DEFINITION.timeToLiveAttribute,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
    });
    for (const index of TABLE_DEFINITION.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType[index.projection],
      });
    }
  }
}
