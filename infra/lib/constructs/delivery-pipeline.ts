// The LMS delivery pipeline on AWS: the queue between the webhook's answer and the processing step
// (process-deliveries, fed by an SQS event source with partial batch responses), its dead-letter
// queue, and an alarm when a delivery lands there; optionally the Canvas queue that Instructure's
// account sends Live Events to, feeding the same consumer. Created before the functions (they are
// told the queues), connected to the consumer and the alarm topic after.
import {
  Duration,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as actions,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_lambda_event_sources as sources,
  aws_sns as sns,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue.ts';

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
  /**
   * A queue Canvas Data Services delivers Live Events to (its SQS delivery method), sent to by
   * `senderAccountIds` only, named with the `canvas-live-events` prefix Canvas's setup asks for.
   * @default no Canvas queue
   */
  readonly canvasQueue?: { readonly queueName: string; readonly senderAccountIds: readonly string[] };
}

/** Canvas's setup guide: "The name of the queue must begin with canvas-live-events". */
export const CANVAS_QUEUE_PREFIX = 'canvas-live-events';

export class DeliveryPipeline extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public deadLetters?: cloudwatch.Alarm;
  /** Where Canvas sends Live Events, when the stage has canvasSqs. */
  public readonly canvasQueue?: sqs.Queue;
  public readonly canvasDeadLetterQueue?: sqs.Queue;
  public canvasDeadLetters?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    const maxReceiveCount = props.maxReceiveCount ?? 5;
    if (maxReceiveCount < 1) throw new Error(`DeliveryPipeline maxReceiveCount must be at least 1; got ${maxReceiveCount}`);

    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', 'LMS deliveries that could not be processed');
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The body is kept in S3 and the message names it: a message outliving the consumer's
      // retries is in the dead-letter queue, not lost.
      retentionPeriod: Duration.days(4),
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });
    if (props.canvasQueue) [this.canvasQueue, this.canvasDeadLetterQueue] = this.addCanvasQueue(props.canvasQueue, props.consumerTimeout, maxReceiveCount);
  }

  private addCanvasQueue(canvas: NonNullable<DeliveryPipelineProps['canvasQueue']>, consumerTimeout: Duration, maxReceiveCount: number): [sqs.Queue, sqs.Queue] {
    if (!canvas.queueName.startsWith(CANVAS_QUEUE_PREFIX))
      throw new Error(`DeliveryPipeline canvasQueue.queueName must begin with ${CANVAS_QUEUE_PREFIX} (Canvas's setup asks for it); got ${canvas.queueName}`);
    if (canvas.senderAccountIds.length === 0) throw new Error('DeliveryPipeline canvasQueue.senderAccountIds must name at least one account: nobody could send to the queue');
    const deadLetters = deadLetterQueue(this, 'CanvasDeadLetterQueue', 'Canvas Live Events that could not be processed');
    const queue = new sqs.Queue(this, 'CanvasQueue', {
      queueName: canvas.queueName,
      // SQS-managed keys: a sender in another account needs no grant on a KMS key of ours.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Unlike the delivery queue's, these messages are the events themselves: a long stay while the
      // consumer is down loses nothing.
      retentionPeriod: Duration.days(14),
      visibilityTimeout: Duration.seconds(consumerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount },
    });
    // The queue's policy is the only thing that vouches for an event (they arrive unsigned): the
    // listed accounts may send, and nothing else, over TLS (enforceSSL denies the rest).
    queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CanvasLiveEventsSend',
        principals: canvas.senderAccountIds.map((account) => new iam.AccountPrincipal(account)),
        actions: ['sqs:SendMessage'],
        resources: [queue.queueArn],
        conditions: { Bool: { 'aws:SecureTransport': 'true' } },
      }),
    );
    return [queue, deadLetters];
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
    if (this.canvasQueue && this.canvasDeadLetterQueue) {
      consumer.addEventSource(new sources.SqsEventSource(this.canvasQueue, { batchSize: 10, reportBatchItemFailures: true }));
      this.canvasDeadLetters = this.canvasDeadLetterQueue
        .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
        .createAlarm(this, 'CanvasDeadLetters', {
          alarmDescription:
            'Canvas Live Events from the Canvas queue could not be processed and wait in its dead-letter queue: read the process-deliveries logs (a missing or non-Canvas source is named there), fix the cause, redrive them to the Canvas queue.',
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
      this.canvasDeadLetters.addAlarmAction(new actions.SnsAction(alarmTopic));
    }
  }
}
