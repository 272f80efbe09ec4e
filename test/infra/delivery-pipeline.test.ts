// The LMS delivery pipeline on AWS: the queue between the webhook's answer and process-deliveries,
// its dead-letter queue and alarm, the private deliveries bucket, and who may use which.
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '@tessera/core';
import { FUNCTIONS } from '../../functions/catalog.ts';
import { logicalIdByPath, resourcesOf, synthStage } from './support.ts';

let stage: ReturnType<typeof synthStage>;
beforeAll(() => {
  stage = synthStage();
});

const queues = () => resourcesOf(stage.app, 'AWS::SQS::Queue');
const queueId = (path: string) => logicalIdByPath(stage.app, 'AWS::SQS::Queue', path);

describe('DeliveryPipeline in the stateless stack', () => {
  it('feeds process-deliveries from the queue in batches, retrying a failed delivery alone (partial batch response)', () => {
    // Prepare
    const fnId = logicalIdByPath(stage.app, 'AWS::Lambda::Function', '/Fn-process-deliveries/Function/');

    // Act
    const mappings = Object.values(resourcesOf(stage.app, 'AWS::Lambda::EventSourceMapping'));

    // Assess
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({
      FunctionName: { Ref: fnId },
      EventSourceArn: { 'Fn::GetAtt': [queueId('/DeliveryPipeline/Queue/'), 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('hides a received message for six times the consumer timeout, and moves it to an encrypted dead-letter queue after 5 receives', () => {
    // Act
    const queue = queues()[queueId('/DeliveryPipeline/Queue/')]!.Properties;
    const dlq = queues()[queueId('/DeliveryPipeline/DeadLetterQueue/')]!.Properties;

    // Assess
    expect(queue.VisibilityTimeout).toBe(FUNCTIONS['process-deliveries'].timeoutSeconds! * 6);
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [queueId('/DeliveryPipeline/DeadLetterQueue/'), 'Arn'] }, maxReceiveCount: 5 });
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(dlq.SqsManagedSseEnabled).toBe(true);
    expect(dlq.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('alarms into the alarm topic as soon as one delivery is in the dead-letter queue', () => {
    // Prepare
    const topicId = logicalIdByPath(stage.app, 'AWS::SNS::Topic', '/Alarms/');
    const dlqName = { 'Fn::GetAtt': [queueId('/DeliveryPipeline/DeadLetterQueue/'), 'QueueName'] };

    // Act
    const alarms = Object.values(resourcesOf(stage.app, 'AWS::CloudWatch::Alarm')).filter(
      (a) => JSON.stringify(a.Properties.Dimensions ?? []) === JSON.stringify([{ Name: 'QueueName', Value: dlqName }]),
    );

    // Assess
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topicId }],
    });
  });

  it('tells every function where deliveries are kept and queued (the composition root validates the whole configuration)', () => {
    // Act
    const environments = Object.values(resourcesOf(stage.app, 'AWS::Lambda::Function')).map((f) => f.Properties.Environment?.Variables ?? {});

    // Assess
    for (const env of environments.filter((e) => e[ENV.tableName])) {
      expect(env[ENV.deliveryArchive]).toBe('s3');
      expect(env[ENV.deliveryQueue]).toBe('sqs');
      expect(env[ENV.deliveryQueueUrl]).toEqual({ Ref: queueId('/DeliveryPipeline/Queue/') });
      expect(env[ENV.deliveryBucket]).toBeDefined();
    }
  });

  it('keeps delivery bodies in a private, encrypted bucket that expires them after a year', () => {
    // Act
    const buckets = resourcesOf(stage.data, 'AWS::S3::Bucket');
    const id = logicalIdByPath(stage.data, 'AWS::S3::Bucket', '/Buckets/Deliveries/');
    const bucket = buckets[id]!.Properties;

    // Assess
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ ExpirationInDays: 365, Status: 'Enabled' })]);
  });
});
