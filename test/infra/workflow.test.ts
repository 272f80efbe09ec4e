// The deployed state machine runs the same ASL the local runner executes: the template's
// definition, with function ARNs normalised, equals issuanceWorkflowDefinition(...).
import { App, Duration, Stack, aws_lambda as lambda } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { IssuanceWorkflow } from '../../infra/lib/constructs/issuance-workflow.ts';
import { WORKFLOW_STEP_FUNCTIONS } from '../../functions/catalog.ts';
import { issuanceWorkflowDefinition, type WorkflowFunctions } from '@tessera/workflow';
import { exampleConfig, logicalIdByPath, resourcesOf, synthStage } from './support.ts';

let app: ReturnType<typeof synthStage>['app'];
beforeAll(() => {
  ({ app } = synthStage());
});

/** Turns the template's Fn::Join into the JSON string, each function ARN as `arn:<logical id>`, the
 *  partition as `<partition>`. */
function deployedDefinition(): unknown {
  const stateMachine = Object.values(resourcesOf(app, 'AWS::StepFunctions::StateMachine'))[0]!;
  const definition = stateMachine.Properties.DefinitionString as string | { 'Fn::Join': [string, unknown[]] };
  if (typeof definition === 'string') return JSON.parse(definition);
  const text = definition['Fn::Join'][1]
    .map((part) => {
      if (typeof part === 'string') return part;
      if ((part as { Ref?: string }).Ref === 'AWS::Partition') return '<partition>';
      const getAtt = (part as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      if (getAtt?.[1] === 'Arn') return `arn:${getAtt[0]}`;
      throw new Error(`unexpected token in the definition: ${JSON.stringify(part)}`);
    })
    .join('');
  return JSON.parse(text);
}

describe('IssuanceWorkflow', () => {
  it('deploys exactly issuanceWorkflowDefinition with the step functions and the configured review timeout', () => {
    // Prepare: the same options, with each function named the way deployedDefinition normalises it.
    const functions = Object.fromEntries(
      Object.entries(WORKFLOW_STEP_FUNCTIONS).map(([step, name]) => [step, `arn:${logicalIdByPath(app, 'AWS::Lambda::Function', `/Fn-${name}/Function/`)}`]),
    ) as WorkflowFunctions;
    const expected = issuanceWorkflowDefinition({ functions, reviewTimeoutSeconds: exampleConfig().reviewTimeoutDays * 86_400, partition: '<partition>' });

    // Act
    const deployed = deployedDefinition();

    // Assess
    expect(deployed).toEqual(expected);
  });

  it('waits for the reviewer with a task token, for the configured number of days', () => {
    // Act
    const states = (deployedDefinition() as { States: Record<string, Record<string, unknown>> }).States;

    // Assess
    expect(states.RequestReview).toMatchObject({ Resource: 'arn:<partition>:states:::lambda:invoke.waitForTaskToken', TimeoutSeconds: 5 * 86_400 });
  });

  it('builds every service integration ARN with the stack\'s partition (aws-cn, aws-us-gov deploy as written)', () => {
    // Act
    const states = Object.values((deployedDefinition() as { States: Record<string, Record<string, unknown>> }).States);
    const resources = states.map((s) => s.Resource).filter((r): r is string => typeof r === 'string');

    // Assess
    expect(resources.length).toBeGreaterThan(0);
    for (const resource of resources) expect(resource).toMatch(/^arn:<partition>:states:::/);
    expect(issuanceWorkflowDefinition({ functions: {} as WorkflowFunctions, reviewTimeoutSeconds: 60 }).States.CheckEvidence!.Resource).toBe('arn:aws:states:::lambda:invoke');
  });

  it('lets CloudFormation re-create the App stack: the retained log group\'s name is unique to each stack instance', () => {
    // Act: every retained log group of the App stack, and what names it.
    const retained = Object.values(resourcesOf(app, 'AWS::Logs::LogGroup')).filter((g) => g.DeletionPolicy === 'Retain');
    const workflowLogs = resourcesOf(app, 'AWS::Logs::LogGroup')[logicalIdByPath(app, 'AWS::Logs::LogGroup', '/IssuanceWorkflow/Logs/')]!;

    // Assess: a fixed name would survive `cdk destroy` and fail the next create with "already exists".
    expect(retained.length).toBeGreaterThan(1);
    for (const group of retained) expect(typeof group.Properties.LogGroupName === 'string').toBe(false);
    expect(JSON.stringify(workflowLogs.Properties.LogGroupName)).toContain('/aws/vendedlogs/states/Tessera-test-Issuance-');
    expect(JSON.stringify(workflowLogs.Properties.LogGroupName)).toContain('AWS::StackId');
  });

  it('is a STANDARD state machine with ALL-level logging and X-Ray tracing', () => {
    // Act
    const stateMachine = Object.values(resourcesOf(app, 'AWS::StepFunctions::StateMachine'))[0]!.Properties;

    // Assess
    expect(stateMachine.StateMachineType).toBe('STANDARD');
    expect(stateMachine.TracingConfiguration).toEqual({ Enabled: true });
    expect(stateMachine.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    expect(stateMachine.StateMachineName).toBe('Tessera-test-Issuance');
  });

  it('copies failed, timed-out and aborted executions of this state machine to an encrypted dead-letter queue', () => {
    // Prepare
    const queueId = logicalIdByPath(app, 'AWS::SQS::Queue', '/IssuanceWorkflow/DeadLetterQueue/');

    // Act
    // The other rule is the reconciler's schedule (reconciler.test.ts).
    const rules = Object.values(resourcesOf(app, 'AWS::Events::Rule')).filter((r) => r.Properties.EventPattern);

    // Assess
    expect(rules).toHaveLength(1);
    expect(rules[0]!.Properties.EventPattern).toMatchObject({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
    });
    expect(rules[0]!.Properties.EventPattern.detail.stateMachineArn).toEqual([{ Ref: logicalIdByPath(app, 'AWS::StepFunctions::StateMachine', '/IssuanceWorkflow/') }]);
    expect(rules[0]!.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
    expect(resourcesOf(app, 'AWS::SQS::Queue')[queueId]!.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
  });

  it('refuses a review timeout the local runner could not honour, and a name Step Functions would reject', () => {
    // Prepare
    const stack = new Stack(new App(), 'S');
    const fn = (id: string) => lambda.Function.fromFunctionArn(stack, id, `arn:aws:lambda:eu-west-1:111122223333:function:${id}`);
    const functions = { checkEvidence: fn('a'), requestReview: fn('b'), recordOutcome: fn('c'), releaseCredential: fn('d'), notifyEarner: fn('e') };

    // Act
    const tooLong = () => new IssuanceWorkflow(stack, 'TooLong', { functions, stateMachineName: 'ok', reviewTimeout: Duration.days(25) });
    const badName = () => new IssuanceWorkflow(stack, 'BadName', { functions, stateMachineName: 'no spaces', reviewTimeout: Duration.days(1) });

    // Assess
    expect(tooLong).toThrow('reviewTimeoutSeconds must be a whole number from 1 to 2073600 (24 days)');
    expect(badName).toThrow("IssuanceWorkflow stateMachineName 'no spaces' must be 1-80 letters, digits, _ or -");
  });
});
