// The reconciler on AWS: the Reconcile function run on a schedule (EventBridge), and an alarm on
// the StuckSubmissions metric it publishes, so an operator hears of every submission it found
// with no live workflow or past its deadline (docs/RELIABILITY.md).
import {
  Duration,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as actions,
  aws_events as events,
  aws_events_targets as targets,
  aws_lambda as lambda,
  aws_sns as sns,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Where functions/shared/observability.ts publishes it: namespace, name and the Powertools service dimension. */
export const STUCK_SUBMISSIONS_METRIC = { namespace: 'Tessera', metricName: 'StuckSubmissions', dimensionsMap: { service: 'tessera' } } as const;

export interface ReconcilerProps {
  /** The function built from functions/reconcile/handler.ts. */
  readonly function: lambda.IFunction;
  /** The alarm topic (Alarms.topic). */
  readonly alarmTopic: sns.ITopic;
  /**
   * How often it runs. Each run leaves alone what changed in the last 5 minutes.
   * @default Duration.minutes(5)
   */
  readonly every?: Duration;
}

export class Reconciler extends Construct {
  public readonly schedule: events.Rule;
  public readonly stuckSubmissions: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ReconcilerProps) {
    super(scope, id);
    const every = props.every ?? Duration.minutes(5);
    if (every.toSeconds() < 60) throw new Error(`Reconciler runs at most once a minute; got every ${every.toHumanString()}`);

    this.schedule = new events.Rule(this, 'Schedule', {
      description: 'Runs the Tessera reconciler: re-drives or fails stuck submissions',
      schedule: events.Schedule.rate(every),
    });
    // One attempt per run: the next run retries whatever this one could not repair.
    this.schedule.addTarget(new targets.LambdaFunction(props.function, { retryAttempts: 0 }));

    this.stuckSubmissions = new cloudwatch.Metric({ ...STUCK_SUBMISSIONS_METRIC, statistic: 'Sum', period: every }).createAlarm(this, 'StuckSubmissions', {
      alarmDescription: 'The reconciler found submissions with no live workflow or past their deadline; GET /admin/reports/stuck lists any left, and each repair is in its logs.',
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.stuckSubmissions.addAlarmAction(new actions.SnsAction(props.alarmTopic));
  }
}
