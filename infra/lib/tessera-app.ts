// Builds one stage of Tessera into a CDK app: the stateful stack, the stateless stack that reads
// it, and the cdk-nag AwsSolutions checks over both. bin/app.ts and the tests both call this, so
// what the tests check is what `cdk synth` emits.
import { Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { StageConfig } from '../config/schema.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';

export interface TesseraStage {
  readonly data: StatefulStack;
  readonly app: StatelessStack;
}

export interface BuildOptions {
  /**
   * Register cdk-nag's AwsSolutions pack as a synth-time validation plugin (findings fail synth).
   * Tests turn it off and call the pack directly to read the findings.
   * @default true
   */
  readonly nag?: boolean;
}

export function buildTesseraStage(app: App, config: StageConfig, options: BuildOptions = {}): TesseraStage {
  const env = { account: config.account ?? process.env.CDK_DEFAULT_ACCOUNT, region: config.region };
  const prefix = `Tessera-${config.stageName}`;

  const data = new StatefulStack(app, `${prefix}-Data`, {
    env,
    config,
    description: `Tessera ${config.stageName}: data that outlives deployments (table, signing key, buckets, mail identity)`,
    terminationProtection: true,
  });
  const compute = new StatelessStack(app, `${prefix}-App`, {
    env,
    config,
    data,
    description: `Tessera ${config.stageName}: functions, API, issuance workflow, public origin, alarms`,
  });
  compute.addStackDependency(data, 'the functions read the table, key, buckets and mail identity');

  for (const stack of [data, compute]) {
    Tags.of(stack).add('application', 'tessera');
    Tags.of(stack).add('stage', config.stageName);
  }
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { data, app: compute };
}
