// The LMS delivery pipeline on AWS: the queue between the webhook's answer and the processing step
// (process-deliveries, fed by an SQS event source with partial batch responses), its dead-letter
// queue, and an alarm when a delivery lands there. Created before the functions (they are told the
// queue's URL), connected to its consumer and the alarm topic after.
import {
  Duration,
  Validations,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as actions,
  aws_lambda as lambda,
  aws_lambda_event_sources as sources,
  aws_sns as sns,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface DeliveryPipelineProps {
  /**
   * The consumer's timeout: SQS hides a received message for six times this (AWS's advice for Lambda
   * consumers), so a slow batch is not handed to a second consumer meanwhile.
   */
  readonly consumerTimeout: Duration;
  /**
   * Receives before a message goes to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
}

export class DeliveryPipeline extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public deadLetters?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    const maxReceiveCount = props.maxReceiveCount ?? 5;
    if (maxReceiveCount < 1) throw new Error(`DeliveryPipeline maxReceiveCount must be at least 1; got ${maxReceiveCount}`);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination (for LMS deliveries that could not be processed); a queue behind it would never be read.',
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The body is kept in S3 and the message names it: a message outliving the consumer's
      // retries is in the dead-letter queue, not lost.
      retentionPeriod: Duration.days(4),
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });
  }

  /** Feeds the queue to its consumer and alarms on the dead-letter queue. */
  connect(consumer: lambda.IFunction, alarmTopic: sns.ITopic): void {
    // Partial batch responses: one failing delivery is retried alone, the rest of its batch is done.
    consumer.addEventSource(new sources.SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }));
    this.deadLetters = this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }).createAlarm(this, 'DeadLetters', {
      alarmDescription:
        "LMS deliveries could not be processed and wait in the delivery dead-letter queue: read the process-deliveries logs, fix the cause, redrive them (each names a kept body in S3; the source's events log shows what was done).",
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.deadLetters.addAlarmAction(new actions.SnsAction(alarmTopic));
  }
}
