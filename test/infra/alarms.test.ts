// Alarms: what wakes an operator, and that it reaches them.
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../functions/catalog.ts';
import { resourcesOf, synthStage } from './support.ts';

let app: ReturnType<typeof synthStage>['app'];
beforeAll(() => {
  ({ app } = synthStage());
});

const alarms = () => Object.values(resourcesOf(app, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties);
const metricNames = (alarm: Record<string, any>): string[] =>
  alarm.MetricName ? [alarm.MetricName] : (alarm.Metrics ?? []).filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.MetricName);

describe('Alarms', () => {
  it('watches failed executions, dead letters (issuance and LMS deliveries), API 5xx, throttles and stuck submissions, and notifies the topic on each', () => {
    // Prepare
    const topicId = Object.keys(resourcesOf(app, 'AWS::SNS::Topic'))[0]!;

    // Act
    const all = alarms();

    // Assess
    // The function throttles take one alarm per ten functions (a metric-math alarm's limit).
    const throttleAlarms = Math.ceil(FUNCTION_NAMES.length / 10);
    expect(all).toHaveLength(5 + throttleAlarms);
    const watched = all.map(metricNames);
    expect(watched.filter((names) => names.join() === 'ApproximateNumberOfMessagesVisible')).toHaveLength(2);
    expect(watched).toContainEqual(['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']);
    expect(watched).toContainEqual(['ApproximateNumberOfMessagesVisible']);
    expect(watched).toContainEqual(['5XXError']);
    const throttled = watched.filter((names) => names.every((name) => name === 'Throttles'));
    expect(throttled.map((names) => names.length)).toEqual([10, FUNCTION_NAMES.length - 10].filter((n) => n > 0).slice(0, throttleAlarms));
    expect(throttled.flat()).toHaveLength(FUNCTION_NAMES.length);
    expect(watched).toContainEqual(['StuckSubmissions']);
    for (const alarm of all) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
    }
  });

  it('mails the configured alarm address over an encrypted, TLS-only topic', () => {
    app.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'cloud-operations@example.edu' });
    const topic = Object.values(resourcesOf(app, 'AWS::SNS::Topic'))[0]!.Properties;
    expect(topic.KmsMasterKeyId).toBeDefined();
    app.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
  });

  it('lets CloudWatch use the topic key (alarms could not publish otherwise)', () => {
    // Act
    const keys = Object.values(resourcesOf(app, 'AWS::KMS::Key'));

    // Assess
    expect(keys).toHaveLength(1);
    expect(keys[0]!.Properties.EnableKeyRotation).toBe(true);
    expect(keys[0]!.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
    );
  });
});
