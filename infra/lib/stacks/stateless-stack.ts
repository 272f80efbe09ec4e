// Everything that computes and can be replaced at will: the functions, the API, the workflow, the
// public CloudFront origin and the alarms. It reads the stateful stack's resources and grants each
// function exactly the calls listed in permissions.ts.
import { CfnOutput, Duration, Fn, Stack, Validations, type StackProps, aws_logs as logs } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { API_ROUTES, FUNCTION_NAMES, WORKFLOW_STEP_FUNCTIONS, type FunctionName } from '../../../functions/catalog.ts';
import { ENV } from '../../../packages/core/src/config.ts';
import type { WorkflowFunctions } from '../../../packages/workflow/src/definition.ts';
import type { StageConfig } from '../../config/schema.ts';
import { Alarms } from '../constructs/alarms.ts';
import { FUNCTION_NODE_MODULES } from '../bundling/options.ts';
import { AppFunction, type AppFunctionProps } from '../constructs/app-function.ts';
import { IssuanceWorkflow } from '../constructs/issuance-workflow.ts';
import { PublicSite } from '../constructs/public-site.ts';
import { TesseraApi } from '../constructs/tessera-api.ts';
import { FUNCTION_CAPABILITIES, PUBLISH_WILDCARDS, grantCapabilities } from '../permissions.ts';
import type { StatefulStack } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  readonly config: StageConfig;
  readonly data: StatefulStack;
}

/** Per-function departures from AppFunction's defaults, with the reason. */
const FUNCTION_TUNING: Partial<Record<FunctionName, Pick<AppFunctionProps, 'memorySize' | 'timeout' | 'description'>>> = {
  // JSON-LD expansion and canonicalisation (credential and status list) and the badge render are
  // CPU-bound; memory buys CPU.
  'release-credential': { memorySize: 1024, timeout: Duration.seconds(30) },
  // Re-signs a status list (JSON-LD, CPU) after each revocation or suspension.
  admin: { memorySize: 1024 },
  // Verifies signatures (CPU) and fetches did:web documents from other issuers over the network.
  verify: { memorySize: 1024, timeout: Duration.seconds(20) },
  'request-review': { timeout: Duration.seconds(30) },
  'record-outcome': { timeout: Duration.seconds(30) },
  'notify-earner': { timeout: Duration.seconds(30) },
  'check-evidence': { timeout: Duration.seconds(30) },
};

export class StatelessStack extends Stack {
  public readonly functions: Record<FunctionName, AppFunction>;
  public readonly api: TesseraApi;
  public readonly workflow: IssuanceWorkflow;
  public readonly publicSite: PublicSite;
  public readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, data } = props;
    const logRetention = config.logRetentionDays as logs.RetentionDays;
    const reviewTimeout = Duration.days(config.reviewTimeoutDays);

    // Named up front so the functions can be told its ARN: the state machine names them in turn.
    const stateMachineName = `Tessera-${config.stageName}-Issuance`;
    const stateMachineArn = IssuanceWorkflow.arnFor(this, stateMachineName);

    this.api = new TesseraApi(this, 'Api', {
      throttleRateLimit: config.apiThrottle.rateLimit,
      throttleBurstLimit: config.apiThrottle.burstLimit,
      logRetention,
      users: [{ email: config.adminEmail, group: 'admin' }, ...config.reviewerEmails.map((email) => ({ email, group: 'reviewer' as const }))],
    });

    this.publicSite = new PublicSite(this, 'PublicSite', {
      bucket: data.buckets.publicSite,
      logBucket: data.buckets.accessLogs,
      api: this.api.restApi,
      apiStageName: this.api.stageName,
      domain: config.publicDomain,
      webAclArn: config.webAclArn,
    });

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
    };

    // The VC-JWT key's id is the exception: only a function that may sign with it is told it (an
    // unset key id is valid configuration: such a function simply cannot sign VC-JWTs).
    const jwtKeyEnvironment = (name: FunctionName): Record<string, string> =>
      data.jwtSigningKey && FUNCTION_CAPABILITIES[name].includes('jwt-key:sign') ? { [ENV.kmsRsaKeyId]: data.jwtSigningKey.key.keyArn } : {};

    this.functions = Object.fromEntries(
      FUNCTION_NAMES.map((name) => [
        name,
        new AppFunction(this, `Fn-${name}`, {
          entry: `functions/${name}/handler.ts`,
          environment: { ...environment, ...jwtKeyEnvironment(name) },
          logRetention,
          nodeModules: FUNCTION_NODE_MODULES[name],
          ...FUNCTION_TUNING[name],
        }),
      ]),
    ) as Record<FunctionName, AppFunction>;

    const targets = {
      table: data.table.table,
      stateMachineArn,
      signingKey: data.signingKey.key,
      jwtSigningKey: data.jwtSigningKey?.key,
      publicBucketArn: Fn.importValue(data.publicSiteBucketArnExportName),
      mailIdentityArn: data.mail.identityArn,
      mailFrom: config.mail.from,
    };
    for (const name of FUNCTION_NAMES) {
      grantCapabilities(this.functions[name].role, FUNCTION_CAPABILITIES[name], targets);
      for (const capability of FUNCTION_CAPABILITIES[name]) {
        const wildcard = PUBLISH_WILDCARDS[capability];
        if (!wildcard) continue;
        Validations.of(this.functions[name].role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${data.publicSiteBucketArnExportName}/${wildcard.prefix}*]`,
          reason: wildcard.reason,
        });
      }
    }

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

    new CfnOutput(this, 'PublicBaseUrl', { value: this.publicSite.baseUrl, description: 'TESSERA_PUBLIC_BASE_URL; the issuer is did:web on its host' });
    new CfnOutput(this, 'DistributionDomainName', { value: this.publicSite.distribution.distributionDomainName, description: 'Point the custom domain (CNAME/alias) here' });
    new CfnOutput(this, 'StateMachineArn', { value: stateMachineArn });
    new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.api.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.workflow.deadLetterQueue.queueUrl });
  }
}

type IssuanceWorkflowStepFunctions = { [K in keyof WorkflowFunctions]: AppFunction['function'] };
