// The issuance state machine, deployed from the same ASL the local runner executes
// (issuanceWorkflowDefinition), with Lambda ARNs in place of function names. Failed, timed-out
// and aborted executions are also copied to a queue, so none is lost when its logs expire.
import {
  ArnFormat,
  Aws,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  Validations,
  aws_events as events,
  aws_events_targets as targets,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_sqs as sqs,
  aws_stepfunctions as sfn,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { issuanceWorkflowDefinition, type StateMachineDefinition, type WorkflowFunctions } from '@tessera/workflow';

export interface IssuanceWorkflowProps {
  /** The function behind each step. */
  readonly functions: { readonly [K in keyof WorkflowFunctions]: lambda.IFunction };
  /** The state machine's name. Fixed, so functions can be told its ARN before it exists. */
  readonly stateMachineName: string;
  /** How long a reviewer has to decide before the submission ends EXPIRED. */
  readonly reviewTimeout: Duration;
  /**
   * Upper bound for each ordinary Lambda step.
   * @default - the definition's own default (60 seconds)
   */
  readonly stepTimeout?: Duration;
  /**
   * How long execution logs are kept.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

export class IssuanceWorkflow extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  /** The ASL exactly as deployed (ARNs are CDK tokens until synthesis). */
  public readonly definition: StateMachineDefinition;
  /** Failed, timed-out and aborted executions, kept 14 days for someone to look at and redrive. */
  public readonly deadLetterQueue: sqs.Queue;
  public readonly logGroup: logs.LogGroup;

  /** The ARN a state machine of this name gets in this stack's account and region. */
  static arnFor(scope: Construct, stateMachineName: string): string {
    return Stack.of(scope).formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  constructor(scope: Construct, id: string, props: IssuanceWorkflowProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(props.stateMachineName)) {
      throw new Error(`IssuanceWorkflow stateMachineName '${props.stateMachineName}' must be 1-80 letters, digits, _ or -`);
    }
    const reviewTimeoutSeconds = props.reviewTimeout.toSeconds();
    const fn = props.functions;
    // Throws a RangeError naming the limit if the timeout is out of range: the same check the local runner makes.
    this.definition = issuanceWorkflowDefinition({
      functions: {
        checkEvidence: fn.checkEvidence.functionArn,
        requestReview: fn.requestReview.functionArn,
        recordOutcome: fn.recordOutcome.functionArn,
        releaseCredential: fn.releaseCredential.functionArn,
        notifyEarner: fn.notifyEarner.functionArn,
      },
      reviewTimeoutSeconds,
      stepTimeoutSeconds: props.stepTimeout?.toSeconds(),
      partition: Aws.PARTITION,
    });

    // Vended-logs prefix: Step Functions would otherwise grow the account's log resource policy.
    // The group is retained, so its name ends with this stack's own id (a new one each time the
    // stack is created): after `cdk destroy` a new App stack makes a new group instead of failing
    // on the retained one ("already exists").
    const stackInstance = Fn.select(2, Fn.split('/', Aws.STACK_ID));
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${props.stateMachineName}-${stackInstance}`,
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: 'Runs the Tessera issuance workflow: invokes its five step functions, nothing else',
    });
    // Exactly the unqualified ARNs the definition names (no :* for versions or aliases).
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'InvokeWorkflowSteps',
        actions: ['lambda:InvokeFunction'],
        resources: Object.values(fn).map((f) => f.functionArn),
      }),
    );

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD, // review waits for days; Express stops at 5 minutes
      definitionBody: sfn.DefinitionBody.fromString(Stack.of(this).toJsonString(this.definition)),
      role,
      tracingEnabled: true,
      // Payloads stay out of the logs (they carry task tokens and reviewers' notes); the execution
      // history in Step Functions keeps them for 90 days for whoever holds states:GetExecutionHistory.
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions log delivery (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) and X-Ray (PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) do not support resource-level permissions; AWS documents Resource "*" for both.',
    });

    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', 'failed workflow executions');
    new events.Rule(this, 'UnsuccessfulExecutions', {
      description: 'Copies failed, timed-out and aborted issuance executions to the dead-letter queue',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [this.stateMachine.stateMachineArn], status: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
      },
      targets: [new targets.SqsQueue(this.deadLetterQueue)],
    });
  }
}
