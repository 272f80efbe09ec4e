// The LMS delivery pipeline on AWS: the queue between the webhook's answer and process-deliveries,
// its dead-letter queue and alarm, the private deliveries bucket, and who may use which; and the
// optional Canvas queue (stage option canvasSqs) that only Instructure's account may send to.
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '@tessera/core';
import { FUNCTIONS } from '../../functions/catalog.ts';
import { actionsOf, exampleConfig, logicalIdByPath, resourcesOf, statementsOfRole, synthStage } from './support.ts';

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

describe('the Canvas queue (stage option canvasSqs)', () => {
  const INSTRUCTURE = '636161780776';
  let canvas: ReturnType<typeof synthStage>;
  beforeAll(() => {
    canvas = synthStage(exampleConfig({ canvasSqs: { sourceId: 'northfield-canvas', senderAccountIds: [INSTRUCTURE] } }));
  });
  const canvasQueueId = () => logicalIdByPath(canvas.app, 'AWS::SQS::Queue', '/DeliveryPipeline/CanvasQueue/');
  const canvasDlqId = () => logicalIdByPath(canvas.app, 'AWS::SQS::Queue', '/DeliveryPipeline/CanvasDeadLetterQueue/');
  const processDeliveries = (template = canvas.app) => logicalIdByPath(template, 'AWS::Lambda::Function', '/Fn-process-deliveries/Function/');
  const roleOf = (template: typeof canvas.app, fnId: string) => resourcesOf(template, 'AWS::Lambda::Function')[fnId]!.Properties.Role['Fn::GetAtt'][0] as string;

  it('is off by default: no Canvas queue, and no function told of one', () => {
    // Act
    const names = Object.values(queues()).map((q) => q.Properties.QueueName);
    const environments = Object.values(resourcesOf(stage.app, 'AWS::Lambda::Function')).map((f) => f.Properties.Environment?.Variables ?? {});

    // Assess
    expect(names.filter((n) => String(n).startsWith('canvas-live-events'))).toEqual([]);
    for (const env of environments) expect(env[ENV.canvasQueueArn]).toBeUndefined();
  });

  it('is a standard queue named with the canvas-live-events prefix Canvas asks for, encrypted, moving a message to its own dead-letter queue after 5 receives', () => {
    // Act
    const queue = resourcesOf(canvas.app, 'AWS::SQS::Queue')[canvasQueueId()]!.Properties;
    const dlq = resourcesOf(canvas.app, 'AWS::SQS::Queue')[canvasDlqId()]!.Properties;

    // Assess
    expect(queue.QueueName).toBe('canvas-live-events-tessera-test');
    expect(queue.FifoQueue).toBeUndefined();
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(queue.VisibilityTimeout).toBe(FUNCTIONS['process-deliveries'].timeoutSeconds! * 6);
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [canvasDlqId(), 'Arn'] }, maxReceiveCount: 5 });
    expect(dlq.SqsManagedSseEnabled).toBe(true);
    expect(dlq.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('lets only the configured account send, only SendMessage, only over TLS', () => {
    // Act
    const policies = Object.values(resourcesOf(canvas.app, 'AWS::SQS::QueuePolicy')).filter(
      (p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: canvasQueueId() }]),
    );
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement) as Array<Record<string, any>>;
    const allows = statements.filter((s) => s.Effect === 'Allow');
    const denies = statements.filter((s) => s.Effect === 'Deny');

    // Assess
    expect(policies).toHaveLength(1);
    expect(allows).toEqual([
      {
        Sid: 'CanvasLiveEventsSend',
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Principal: { AWS: `arn:aws:iam::${INSTRUCTURE}:root` },
        Resource: { 'Fn::GetAtt': [canvasQueueId(), 'Arn'] },
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
    ]);
    expect(denies).toEqual([expect.objectContaining({ Action: 'sqs:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
  });

  it('feeds process-deliveries from the Canvas queue in batches with partial batch responses, beside the delivery queue', () => {
    // Act
    const mappings = Object.values(resourcesOf(canvas.app, 'AWS::Lambda::EventSourceMapping')).map((m) => m.Properties);

    // Assess
    expect(mappings).toHaveLength(2);
    expect(mappings).toContainEqual(
      expect.objectContaining({
        FunctionName: { Ref: processDeliveries() },
        EventSourceArn: { 'Fn::GetAtt': [canvasQueueId(), 'Arn'] },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
  });

  it('tells process-deliveries, and no other function, which queue is Canvas’s and whose events it carries', () => {
    // Act
    const functions = resourcesOf(canvas.app, 'AWS::Lambda::Function');
    const told = Object.entries(functions).filter(([, f]) => f.Properties.Environment?.Variables?.[ENV.canvasQueueArn]);

    // Assess
    expect(told.map(([id]) => id)).toEqual([processDeliveries()]);
    expect(told[0]![1].Properties.Environment.Variables).toMatchObject({
      [ENV.canvasQueueArn]: { 'Fn::GetAtt': [canvasQueueId(), 'Arn'] },
      [ENV.canvasQueueSourceId]: 'northfield-canvas',
    });
  });

  it('lets process-deliveries consume the Canvas queue and keep its bodies, and nothing more', () => {
    // Act
    const statements = statementsOfRole(canvas.app, roleOf(canvas.app, processDeliveries()));
    const onCanvasQueue = statements.filter((s) => JSON.stringify(s.Resource).includes(canvasQueueId()));
    const keep = statements.filter((s) => actionsOf(s).includes('s3:PutObject'));
    const added = (template: typeof canvas.app) => new Set(statementsOfRole(template, roleOf(template, processDeliveries(template))).flatMap(actionsOf));

    // Assess
    expect(onCanvasQueue.flatMap(actionsOf).sort()).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ]);
    expect(keep).toEqual([
      expect.objectContaining({ Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [{ 'Fn::ImportValue': expect.stringContaining('DeliveryBucketArn') }, '/deliveries/*']] } }),
    ]);
    // Beyond the default stage's grants: exactly the PutObject (the SQS actions it holds already, for the delivery queue).
    expect([...added(canvas.app)].filter((a) => !added(stage.app).has(a))).toEqual(['s3:PutObject']);
    // Nobody may send to it from inside the stack.
    const senders = Object.values(resourcesOf(canvas.app, 'AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
      .filter((s) => actionsOf(s).includes('sqs:SendMessage') && JSON.stringify(s.Resource).includes(canvasQueueId()));
    expect(senders).toEqual([]);
  });

  it('alarms into the alarm topic as soon as one Canvas event is in its dead-letter queue', () => {
    // Act
    const dlqName = { 'Fn::GetAtt': [canvasDlqId(), 'QueueName'] };
    const alarms = Object.values(resourcesOf(canvas.app, 'AWS::CloudWatch::Alarm')).filter(
      (a) => JSON.stringify(a.Properties.Dimensions ?? []) === JSON.stringify([{ Name: 'QueueName', Value: dlqName }]),
    );

    // Assess
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.Properties).toMatchObject({ Threshold: 1, AlarmActions: [{ Ref: logicalIdByPath(canvas.app, 'AWS::SNS::Topic', '/Alarms/') }] });
  });

  it('leaves cdk-nag nothing unacknowledged', () => {
    const violations = new AwsSolutionsChecks()
      .validateScope(canvas.appRoot)
      .violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId).join(',')}`);
    expect(violations).toEqual([]);
  });

  it('refuses a stage that names no sender, or a sender that is not an account id', () => {
    expect(() => exampleConfig({ canvasSqs: { sourceId: 'c', senderAccountIds: [] } })).toThrow(
      "canvasSqs.senderAccountIds: name at least one account (Instructure's is 636161780776)",
    );
    expect(() => exampleConfig({ canvasSqs: { sourceId: 'c', senderAccountIds: ['instructure'] } })).toThrow('canvasSqs.senderAccountIds.0: must be a 12-digit AWS account id');
  });
});
