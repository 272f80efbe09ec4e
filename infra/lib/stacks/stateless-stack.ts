// Everything that computes and can be replaced at will: the functions, the API, the workflow, the
// public CloudFront origin and the alarms. It reads the stateful stack's resources and builds each
// function from its record in functions/catalog.ts: routes, grants, tuning, shipped modules.
import { Aws, CfnOutput, Duration, Fn, Stack, Validations, type StackProps, aws_logs as logs } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ENV } from '@tessera/core';
import type { WorkflowFunctions } from '@tessera/workflow';
import { API_ROUTES, FUNCTIONS, FUNCTION_NAMES, RECONCILE_EVERY_MINUTES, WORKFLOW_STEP_FUNCTIONS, type FunctionName, type FunctionRecord } from '../../../functions/catalog.ts';
import type { StageConfig } from '../../config/schema.ts';
import { Alarms } from '../constructs/alarms.ts';
import { AppFunction } from '../constructs/app-function.ts';
import { IssuanceWorkflow } from '../constructs/issuance-workflow.ts';
import { mailIdentityArn, senderIdentityName } from '../constructs/mail.ts';
import { ORIGIN_VERIFY_HEADER, OriginVerify } from '../constructs/origin-verify.ts';
import { PublicSite } from '../constructs/public-site.ts';
import { Reconciler } from '../constructs/reconciler.ts';
import { signerRolePath } from '../constructs/signing-key.ts';
import { TesseraApi } from '../constructs/tessera-api.ts';
import { DELIVERIES_PREFIX, DELIVERIES_WILDCARD_REASON, EXECUTIONS_WILDCARD_REASON, PUBLISH_WILDCARDS, executionsOf, grantFunctionRecord, statementsFor } from '../permissions.ts';
import { CANVAS_QUEUE_PREFIX, DeliveryPipeline } from '../constructs/delivery-pipeline.ts';
import type { StatefulStack } from './stateful-stack.ts';
import { COGNITO_ENV } from '../../../functions/console/cognito.ts';

export interface StatelessStackProps extends StackProps {
  readonly config: StageConfig;
  readonly data: StatefulStack;
}

/** A resource as cdk-nag names it in a finding id: literal parts as they are, each Ref as <Name>. */
function nagResourceName(resolved: unknown): string {
  if (typeof resolved === 'string') return resolved;
  const join = (resolved as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) throw new Error(`cannot name ${JSON.stringify(resolved)} for a cdk-nag acknowledgement`);
  return join[1].map((part) => (typeof part === 'string' ? part : `<${(part as { Ref: string }).Ref}>`)).join(join[0]);
}

/** The IAM path a function's role needs for the signing keys' policies to admit it (none if it never signs). */
function rolePathFor(stageName: string, record: FunctionRecord): string | undefined {
  if (record.capabilities.includes('jwt-key:sign')) {
    if (!record.capabilities.includes('key:sign')) throw new Error('a function that signs VC-JWTs signs Data Integrity proofs too (its role path admits it to both keys)');
    return signerRolePath(stageName, 'vc-jwt');
  }
  return record.capabilities.includes('key:sign') ? signerRolePath(stageName, 'data-integrity') : undefined;
}

export class StatelessStack extends Stack {
  public readonly functions: Record<FunctionName, AppFunction>;
  public readonly api: TesseraApi;
  public readonly workflow: IssuanceWorkflow;
  public readonly publicSite: PublicSite;
  public readonly alarms: Alarms;
  public readonly reconciler: Reconciler;
  public readonly deliveryPipeline: DeliveryPipeline;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, data } = props;
    const logRetention = config.logRetentionDays as logs.RetentionDays;
    const reviewTimeout = Duration.days(config.reviewTimeoutDays);

    // Named up front so the functions can be told its ARN: the state machine names them in turn.
    const stateMachineName = `Tessera-${config.stageName}-Issuance`;
    const stateMachineArn = IssuanceWorkflow.arnFor(this, stateMachineName);
    // Named up front too: the bulk function invokes itself to carry a batch on (bulk:continue).
    const bulkFunctionName = `Tessera-${config.stageName}-Bulk`;
    const bulkFunctionArn = AppFunction.arnFor(this, bulkFunctionName);

    this.api = new TesseraApi(this, 'Api', {
      restApiName: `Tessera-${config.stageName}`,
      routes: API_ROUTES,
      throttleRateLimit: config.apiThrottle.rateLimit,
      throttleBurstLimit: config.apiThrottle.burstLimit,
      logRetention,
      users: [{ email: config.adminEmail, group: 'admin' }, ...config.reviewerEmails.map((email) => ({ email, group: 'qa-manager' as const }))],
    });

    const originVerify = new OriginVerify(this, 'OriginVerify', {
      stage: this.api.restApi.deploymentStage,
      name: `Tessera-${config.stageName}`,
      generation: config.originSecretGeneration,
    });

    this.publicSite = new PublicSite(this, 'PublicSite', {
      bucket: data.buckets.publicSite,
      originVerify: { headerName: ORIGIN_VERIFY_HEADER, headerValue: originVerify.headerValue },
      api: this.api.restApi,
      apiStageName: this.api.stageName,
      domain: config.publicDomain,
      webAclArn: config.webAclArn,
    });

    // Before the functions: they are told the queue's URL.
    const consumerTimeout = FUNCTIONS['process-deliveries'].timeoutSeconds;
    if (consumerTimeout === undefined) throw new Error('process-deliveries needs an explicit timeout: its queue hides messages for six times it');
    this.deliveryPipeline = new DeliveryPipeline(this, 'DeliveryPipeline', {
      consumerTimeout: Duration.seconds(consumerTimeout),
      canvasQueue: config.canvasSqs && { queueName: `${CANVAS_QUEUE_PREFIX}-tessera-${config.stageName}`, senderAccountIds: config.canvasSqs.senderAccountIds },
    });
    // Only the Canvas queue's consumer is told which queue is Canvas's, and whose events they are.
    const canvasQueue = this.deliveryPipeline.canvasQueue;
    const canvasQueueEnvironment = (name: FunctionName): Record<string, string> =>
      canvasQueue && config.canvasSqs && name === 'process-deliveries' ? { [ENV.canvasQueueArn]: canvasQueue.queueArn, [ENV.canvasQueueSourceId]: config.canvasSqs.sourceId } : {};
    // The console signs people in through the pool's hosted UI (functions/console/cognito.ts).
    const consoleSignIn = this.api.addConsoleSignIn({
      callbackUrl: `${this.publicSite.baseUrl}/console/callback`,
      domainPrefix: Fn.join('-', ['tessera', config.stageName.toLowerCase(), Aws.ACCOUNT_ID]),
    });
    const consoleEnvironment = (name: FunctionName): Record<string, string> =>
      name === 'console' ? { [COGNITO_ENV.domain]: consoleSignIn.domain, [COGNITO_ENV.clientId]: consoleSignIn.clientId, [COGNITO_ENV.issuer]: consoleSignIn.issuer } : {};

    // Every function gets the whole configuration: the composition root validates all of it on
    // cold start, whichever adapters the function then uses.
    const environment: Record<string, string> = {
      [ENV.tableName]: data.table.table.tableName,
      [ENV.publicBaseUrl]: this.publicSite.baseUrl,
      [ENV.adminEmail]: config.adminEmail,
      [ENV.mailFrom]: config.mail.from,
      [ENV.signer]: 'kms',
      [ENV.kmsKeyId]: data.signingKey.key.keyArn,
      [ENV.mailer]: 'ses',
      [ENV.publicSite]: 's3',
      [ENV.publicBucket]: data.buckets.publicSite.bucketName,
      [ENV.workflow]: 'sfn',
      [ENV.stateMachineArn]: stateMachineArn,
      [ENV.reviewTimeoutSeconds]: String(reviewTimeout.toSeconds()),
      [ENV.statusSuspension]: config.statusSuspension ? 'on' : 'off',
      // Every API request arrives from a CloudFront edge (the WAF refuses any other): per-client rate
      // limits count the viewer address CloudFront forwards, not the edge's (PublicSite's API policy).
      [ENV.clientAddress]: 'cloudfront',
      [ENV.bulkFunctionName]: bulkFunctionName,
      [ENV.deliveryArchive]: 's3',
      [ENV.deliveryBucket]: data.buckets.deliveries.bucketName,
      [ENV.deliveryQueue]: 'sqs',
      [ENV.deliveryQueueUrl]: this.deliveryPipeline.queue.queueUrl,
    };

    // The VC-JWT key's id is the exception: only a function that may sign with it is told it (an
    // unset key id is valid configuration: such a function simply cannot sign VC-JWTs).
    const jwtKeyEnvironment = (name: FunctionName): Record<string, string> =>
      data.jwtSigningKey && FUNCTIONS[name].capabilities.includes('jwt-key:sign') ? { [ENV.kmsRsaKeyId]: data.jwtSigningKey.key.keyArn } : {};

    this.functions = Object.fromEntries(
      FUNCTION_NAMES.map((name) => {
        const record = FUNCTIONS[name];
        return [
          name,
          new AppFunction(this, `Fn-${name}`, {
            entry: `functions/${name}/handler.ts`,
            functionOf: name,
            environment: { ...environment, ...jwtKeyEnvironment(name), ...consoleEnvironment(name), ...canvasQueueEnvironment(name) },
            logRetention,
            description: record.description,
            memorySize: record.memoryMb,
            timeout: record.timeoutSeconds === undefined ? undefined : Duration.seconds(record.timeoutSeconds),
            nodeModules: record.nodeModules,
            rolePath: rolePathFor(config.stageName, record),
            functionName: name === 'bulk' ? bulkFunctionName : undefined,
            // /verify is public and CPU-heavy: its own reserved pool (a stage option) caps it.
            reservedConcurrency: name === 'verify' ? (config.verifyReservedConcurrency ?? undefined) : undefined,
          }),
        ];
      }),
    ) as Record<FunctionName, AppFunction>;

    const targets = {
      table: data.table.table,
      stateMachineArn,
      signingKey: data.signingKey.key,
      jwtSigningKey: data.jwtSigningKey?.key,
      publicBucketArn: Fn.importValue(data.publicSiteBucketArnExportName),
      // By name, not imported from the Data stack: see mailIdentityArn. The sandbox recipients are
      // there only while the stage lists them (SES sandbox); in production the sender alone.
      mailIdentityArns: [senderIdentityName(config.mail.from, config.mail.identity), ...config.mail.sandboxRecipients].map((name) => mailIdentityArn(this, name)),
      mailFrom: config.mail.from,
      bulkFunctionArn,
      deliveryBucketArn: Fn.importValue(data.deliveryBucketArnExportName),
      deliveryQueueArn: this.deliveryPipeline.queue.queueArn,
    };
    for (const name of FUNCTION_NAMES) {
      grantFunctionRecord(this.functions[name].role, FUNCTIONS[name], targets);
      if (FUNCTIONS[name].capabilities.includes('workflow:inspect')) {
        // cdk-nag names the resource as it resolves: literal when the stage has an account, else with placeholders.
        const resource = nagResourceName(this.resolve(executionsOf(stateMachineArn)));
        Validations.of(this.functions[name].role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason: EXECUTIONS_WILDCARD_REASON });
      }
      if (FUNCTIONS[name].capabilities.some((c) => c === 'delivery:keep' || c === 'delivery:read')) {
        Validations.of(this.functions[name].role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${data.deliveryBucketArnExportName}/${DELIVERIES_PREFIX}*]`,
          reason: DELIVERIES_WILDCARD_REASON,
        });
      }
      for (const capability of FUNCTIONS[name].capabilities) {
        const wildcard = PUBLISH_WILDCARDS[capability];
        if (!wildcard) continue;
        Validations.of(this.functions[name].role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${data.publicSiteBucketArnExportName}/${wildcard.prefix}*]`,
          reason: wildcard.reason,
        });
      }
    }

    // The Canvas queue's messages are the events themselves: its consumer keeps each body as the
    // webhook does (s3:PutObject under deliveries/, acknowledged above with its delivery:read).
    if (canvasQueue) for (const statement of statementsFor('delivery:keep', targets)) this.functions['process-deliveries'].role.addToPrincipalPolicy(statement);

    for (const route of API_ROUTES) this.api.addRoute(route, this.functions[route.function].function);

    const stepFunctions = Object.fromEntries(
      Object.entries(WORKFLOW_STEP_FUNCTIONS).map(([step, name]) => [step, this.functions[name].function]),
    ) as unknown as IssuanceWorkflowStepFunctions;
    this.workflow = new IssuanceWorkflow(this, 'IssuanceWorkflow', { functions: stepFunctions, stateMachineName, reviewTimeout, logRetention });

    this.alarms = new Alarms(this, 'Alarms', {
      email: config.alarmEmail,
      stateMachine: this.workflow.stateMachine,
      deadLetterQueue: this.workflow.deadLetterQueue,
      api: this.api.restApi,
      functions: FUNCTION_NAMES.map((name) => this.functions[name].function),
    });

    // LMS deliveries: the queue feeds its consumer; a delivery in its dead-letter queue alarms.
    this.deliveryPipeline.connect(this.functions['process-deliveries'].function, this.alarms.topic);

    // Finds submissions no workflow will move any more and repairs them; its alarm joins the others.
    this.reconciler = new Reconciler(this, 'Reconciler', {
      function: this.functions.reconcile.function,
      alarmTopic: this.alarms.topic,
      every: Duration.minutes(RECONCILE_EVERY_MINUTES),
    });

    new CfnOutput(this, 'PublicBaseUrl', { value: this.publicSite.baseUrl, description: 'TESSERA_PUBLIC_BASE_URL; the issuer is did:web on its host' });
    new CfnOutput(this, 'DistributionDomainName', { value: this.publicSite.distribution.distributionDomainName, description: 'Point the custom domain (CNAME/alias) here' });
    new CfnOutput(this, 'StateMachineArn', { value: stateMachineArn });
    new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.api.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'ConsoleSignInDomain', { value: consoleSignIn.domain, description: 'The Cognito hosted UI the console signs in with' });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.workflow.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'DeliveryDeadLetterQueueUrl', { value: this.deliveryPipeline.deadLetterQueue.queueUrl });
    if (canvasQueue)
      new CfnOutput(this, 'CanvasQueueUrl', { value: canvasQueue.queueUrl, description: 'Canvas Data Services subscription, SQS delivery: the queue URL (docs/LMS.md)' });
  }
}

type IssuanceWorkflowStepFunctions = { [K in keyof WorkflowFunctions]: AppFunction['function'] };
