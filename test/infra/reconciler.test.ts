// The Reconciler: on its own, a schedule that invokes the function and an alarm on the metric the
// reconcile handler publishes; then as the stateless stack wires it to the reconcile function.
import { App, Duration, Stack, aws_lambda as lambda, aws_sns as sns } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { RECONCILE_EVERY_MINUTES } from '../../functions/catalog.ts';
import { Reconciler, STUCK_SUBMISSIONS_METRIC } from '../../infra/lib/constructs/reconciler.ts';
import { METRIC, SERVICE_NAME } from '../../functions/shared/observability.ts';
import { logicalIdByPath, resourcesOf, synthStage } from './support.ts';

function synth(every?: Duration) {
  const stack = new Stack(new App(), 'Test');
  const fn = new lambda.Function(stack, 'Reconcile', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})') });
  const topic = new sns.Topic(stack, 'Alarms');
  new Reconciler(stack, 'Reconciler', { function: fn, alarmTopic: topic, every });
  return { template: Template.fromStack(stack), stack };
}

describe('Reconciler', () => {
  it('runs the function every 5 minutes by default, with no retry of a failed run', () => {
    const { template } = synth();

    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [{ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Reconcile'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } }],
    });
    template.resourceCountIs('AWS::Lambda::Permission', 1);
  });

  it('alarms on any stuck submission, on the metric name and dimension the handler publishes', () => {
    const { template } = synth();

    expect(STUCK_SUBMISSIONS_METRIC.metricName).toBe(METRIC.stuckSubmissions);
    expect(STUCK_SUBMISSIONS_METRIC.dimensionsMap.service).toBe(SERVICE_NAME);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Tessera',
      MetricName: 'StuckSubmissions',
      Dimensions: [{ Name: 'service', Value: 'tessera' }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }],
    });
  });

  it('refuses a schedule more often than once a minute', () => {
    expect(() => synth(Duration.seconds(30))).toThrow('at most once a minute');
  });
});

describe('Reconciler in the stateless stack', () => {
  let app: ReturnType<typeof synthStage>['app'];
  beforeAll(() => {
    ({ app } = synthStage());
  });

  it('runs the reconcile function every 5 minutes, and only EventBridge may invoke it', () => {
    // Prepare
    const fnId = logicalIdByPath(app, 'AWS::Lambda::Function', '/Fn-reconcile/Function/');

    // Act
    const schedules = Object.values(resourcesOf(app, 'AWS::Events::Rule')).filter((r) => r.Properties.ScheduleExpression);
    const invokers = Object.values(resourcesOf(app, 'AWS::Lambda::Permission')).filter((p) => JSON.stringify(p.Properties.FunctionName).includes(fnId));

    // Assess
    expect(schedules).toHaveLength(1);
    expect(schedules[0]!.Properties).toMatchObject({ ScheduleExpression: `rate(${RECONCILE_EVERY_MINUTES} minutes)`, State: 'ENABLED' });
    expect(RECONCILE_EVERY_MINUTES).toBe(5);
    expect(schedules[0]!.Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } })]);
    expect(invokers.map((p) => p.Properties.Principal)).toEqual(['events.amazonaws.com']);
    // Shorter than the schedule: two runs never overlap.
    expect(resourcesOf(app, 'AWS::Lambda::Function')[fnId]!.Properties.Timeout).toBeLessThan(RECONCILE_EVERY_MINUTES * 60);
  });

  it('alarms on StuckSubmissions into the stage\'s alarm topic, over the schedule\'s period', () => {
    // Prepare
    const topicId = logicalIdByPath(app, 'AWS::SNS::Topic', '/Alarms/');

    // Act
    const stuck = Object.values(resourcesOf(app, 'AWS::CloudWatch::Alarm')).filter((a) => a.Properties.MetricName === METRIC.stuckSubmissions);

    // Assess
    expect(stuck).toHaveLength(1);
    expect(stuck[0]!.Properties).toMatchObject({
      Namespace: 'Tessera',
      Dimensions: [{ Name: 'service', Value: SERVICE_NAME }],
      Statistic: 'Sum',
      Period: RECONCILE_EVERY_MINUTES * 60,
      Threshold: 1,
      AlarmActions: [{ Ref: topicId }],
    });
  });
});
