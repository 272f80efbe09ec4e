// The Reconciler construct on its own (the stateless stack does not wire it yet): a schedule that
// invokes the function, and an alarm on the metric the reconcile handler publishes.
import { App, Duration, Stack, aws_lambda as lambda, aws_sns as sns } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { Reconciler, STUCK_SUBMISSIONS_METRIC } from '../../infra/lib/constructs/reconciler.ts';
import { METRIC, SERVICE_NAME } from '../../functions/shared/observability.ts';

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
