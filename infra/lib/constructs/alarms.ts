// The alarms an operator needs to hear about, all sent to one SNS topic the alarm email is
// subscribed to: issuances that failed, issuances waiting in the dead-letter queue, API errors
// on our side, and functions being throttled.
import {
  Duration,
  aws_apigateway as apigw,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as actions,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
  aws_sqs as sqs,
  aws_stepfunctions as sfn,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface AlarmsProps {
  /** Subscribed to the topic; AWS mails a confirmation link first. */
  readonly email: string;
  readonly stateMachine: sfn.IStateMachine;
  readonly deadLetterQueue: sqs.IQueue;
  readonly api: apigw.RestApi;
  readonly functions: readonly lambda.IFunction[];
  /**
   * The window each alarm sums over.
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
}

/** CloudWatch's limit on the metrics of one metric-math alarm. */
const METRICS_PER_ALARM = 10;

export class Alarms extends Construct {
  public readonly topic: sns.Topic;
  public readonly failedExecutions: cloudwatch.Alarm;
  public readonly deadLetters: cloudwatch.Alarm;
  public readonly apiServerErrors: cloudwatch.Alarm;
  /** One alarm per ten functions: a metric-math alarm holds at most 10 metrics. */
  public readonly throttles: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    if (props.functions.length === 0) throw new Error('Alarms watches at least one function');
    const period = props.period ?? Duration.minutes(5);

    // Alarm messages name resources, not people; still encrypted, with a key CloudWatch may use
    // (the AWS-managed SNS key does not let CloudWatch publish).
    const topicKey = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the Tessera alarm topic',
      enableKeyRotation: true,
    });
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // in a key policy "*" means this key
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Tessera alarms', masterKey: topicKey, enforceSSL: true });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    const notify = new actions.SnsAction(this.topic);

    const alarm = (alarmId: string, description: string, metric: cloudwatch.Metric | cloudwatch.MathExpression) => {
      const created = metric.createAlarm(this, alarmId, {
        alarmDescription: description,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(notify);
      return created;
    };

    this.failedExecutions = alarm(
      'FailedExecutions',
      'An issuance workflow failed, timed out or was aborted: the submission is FAILED (or the earner was not notified). Its message is in the dead-letter queue.',
      new cloudwatch.MathExpression({
        expression: 'failed + timedOut + aborted',
        usingMetrics: {
          failed: props.stateMachine.metricFailed({ period, statistic: 'Sum' }),
          timedOut: props.stateMachine.metricTimedOut({ period, statistic: 'Sum' }),
          aborted: props.stateMachine.metricAborted({ period, statistic: 'Sum' }),
        },
        period,
        label: 'Unsuccessful executions',
      }),
    );
    this.deadLetters = alarm(
      'DeadLetters',
      'Failed issuances are waiting in the dead-letter queue: read them, fix the cause, redrive the executions.',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
    );
    this.apiServerErrors = alarm(
      'ApiServerErrors',
      'The API answered 5xx: a function failed or timed out (see its logs by request id).',
      props.api.metricServerError({ period, statistic: 'Sum' }),
    );
    const groups = Array.from({ length: Math.ceil(props.functions.length / METRICS_PER_ALARM) }, (_, g) =>
      props.functions.slice(g * METRICS_PER_ALARM, (g + 1) * METRICS_PER_ALARM),
    );
    this.throttles = groups.map((functions, g) =>
      alarm(
        g === 0 ? 'FunctionThrottles' : `FunctionThrottles${g + 1}`,
        'Lambda throttled a Tessera function: requests were refused or workflow steps are retrying. Raise the account concurrency or lower the API throttle.',
        new cloudwatch.MathExpression({
          expression: functions.map((_, i) => `t${i}`).join(' + '),
          usingMetrics: Object.fromEntries(functions.map((fn, i) => [`t${i}`, fn.metricThrottles({ period, statistic: 'Sum' })])),
          period,
          label: 'Throttled invocations',
        }),
      ),
    );
  }
}
