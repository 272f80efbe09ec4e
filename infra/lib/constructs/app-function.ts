// One Tessera Lambda function with everything it needs and nothing it does not: its own role
// (no AWS managed policy: the log grant is written here, scoped to its own log group), its own
// log group with a retention, and a bundle built by the local esbuild with the shared options.
import path from 'node:path';
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations, aws_iam as iam, aws_lambda as lambda, aws_lambda_nodejs as nodejs, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FunctionName } from '../../../functions/catalog.ts';
import { REPO_ROOT, nodejsBundlingOptions } from '../bundling/options.ts';

export interface AppFunctionProps {
  /** The handler module, relative to the repository root (it must export `handler`). */
  readonly entry: string;
  /** The catalogue function it deploys: only the ports that function uses are bundled (bundleDefinesFor). */
  readonly functionOf?: FunctionName;
  /** Environment variables; names come from ENV in packages/core/src/config.ts. */
  readonly environment?: Record<string, string>;
  /**
   * Memory, which also buys CPU: JSON-LD canonicalisation and signing are CPU-bound.
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * @default Duration.seconds(10) - below API Gateway's 29 s integration limit
   */
  readonly timeout?: Duration;
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when the function is removed. Logs are evidence of what
   * happened to a submission, so they outlive the function until their retention ends.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * X-Ray tracing, so a trace follows an issuance from API Gateway through Step Functions.
   * @default lambda.Tracing.ACTIVE
   */
  readonly tracing?: lambda.Tracing;
  /**
   * Map stack traces back to the TypeScript sources (NODE_OPTIONS=--enable-source-maps). Node then
   * reads the bundle's source map at load: about 30-50 ms more cold init on a 1 MB bundle
   * (docs/BENCHMARKS.md); turn it off for a hot path whose errors you can read minified.
   * @default true
   */
  readonly sourceMapStackTraces?: boolean;
  /**
   * Packages the handler loads at run time by a name esbuild cannot follow (a native addon, data
   * files): installed beside the bundle by npm, for Lambda's platform (see bundling/options.ts).
   * @default - none: the bundle is the whole artefact
   */
  readonly nodeModules?: readonly string[];
  /** A description shown in the console. @default - none */
  readonly description?: string;
  /**
   * Instances reserved for the function, which also caps it.
   * @default - none: it shares the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;
  /**
   * The role's IAM path: a signing key's policy admits the roles under its signer path
   * (SigningKey signerRolePath).
   * @default '/'
   */
  readonly rolePath?: string;
  /**
   * A fixed function name, for a function whose ARN must be known before it exists (the bulk
   * function invokes itself: a reference to its own ARN would make its role depend on it).
   * @default - a name CloudFormation generates
   */
  readonly functionName?: string;
}

/** The runtime every Tessera function runs on. */
export const APP_FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;
/** Graviton: cheaper per GB-second than x86 and at least as fast for this workload. The native
 *  addon release-credential ships (resvg) is installed for it explicitly (npmPlatformFor). */
export const APP_FUNCTION_ARCHITECTURE = lambda.Architecture.ARM_64;

export class AppFunction extends Construct {
  /** The ARN a function named `functionName` in this stack's account and region will have. */
  static arnFor(scope: Construct, functionName: string): string {
    return Stack.of(scope).formatArn({ service: 'lambda', resource: 'function', resourceName: functionName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    if (path.isAbsolute(props.entry) || !/^functions\/[a-z0-9-]+\/handler\.ts$/.test(props.entry)) {
      throw new Error(`AppFunction entry '${props.entry}' must be functions/<name>/handler.ts, relative to the repository root`);
    }
    const memorySize = props.memorySize ?? 512;
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10_240) {
      throw new Error(`AppFunction memorySize ${memorySize} must be a whole number of MB from 128 to 10240`);
    }

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.entry}; every grant comes from its record in functions/catalog.ts`,
      path: props.rolePath,
    });
    // What AWSLambdaBasicExecutionRole would give, minus log-group creation and minus every other
    // log group in the account.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(REPO_ROOT, props.entry),
      handler: 'handler',
      functionName: props.functionName,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: APP_FUNCTION_RUNTIME,
      architecture: APP_FUNCTION_ARCHITECTURE,
      memorySize,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      tracing: props.tracing ?? lambda.Tracing.ACTIVE,
      environment: { ...((props.sourceMapStackTraces ?? true) ? { NODE_OPTIONS: '--enable-source-maps' } : {}), ...props.environment },
      description: props.description,
      reservedConcurrentExecutions: props.reservedConcurrency,
      bundling: nodejsBundlingOptions({ architecture: APP_FUNCTION_ARCHITECTURE, nodeModules: props.nodeModules, functionName: props.functionOf }),
    });

    if ((props.tracing ?? lambda.Tracing.ACTIVE) !== lambda.Tracing.DISABLED) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Only xray:PutTraceSegments and xray:PutTelemetryRecords use Resource "*": X-Ray does not support resource-level permissions for them.',
      });
    }
  }
}
