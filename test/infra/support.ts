// Shared by the infra tests: an example stage, and a synthesized Tessera stage with cdk.json's
// context (so tests see the feature flags `cdk synth` sees). Bundling is skipped unless asked for.
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseStageConfig, type StageConfig, type StageConfigInput } from '../../infra/config/schema.ts';
import { buildTesseraStage, type TesseraStage } from '../../infra/lib/tessera-app.ts';

export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;

export const EXAMPLE_STAGE: StageConfigInput = {
  account: '111122223333',
  region: 'eu-west-1',
  mail: { from: 'badges@example.edu' },
  adminEmail: 'credentials-admin@example.edu',
  reviewerEmails: ['qa-reviewer@example.edu'],
  alarmEmail: 'cloud-operations@example.edu',
  reviewTimeoutDays: 5,
};

export function exampleConfig(overrides: Partial<StageConfigInput> = {}, stageName = 'test'): StageConfig {
  return parseStageConfig(stageName, { ...EXAMPLE_STAGE, ...overrides });
}

export type SynthesizedStage = TesseraStage & { appRoot: App; data_: Template; app_: Template };

/** Builds a stage without nag plugins (tests call the pack themselves) and, by default, without bundling. */
export function synthStage(config: StageConfig = exampleConfig(), options: { bundle?: boolean; outdir?: string } = {}) {
  const appRoot = new App({
    outdir: options.outdir,
    context: { ...CDK_JSON_CONTEXT, 'aws:cdk:enable-path-metadata': true, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const stage = buildTesseraStage(appRoot, config, { nag: false });
  return {
    appRoot,
    stage,
    data: Template.fromStack(stage.data),
    app: Template.fromStack(stage.app),
  };
}

/** CloudFormation resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, { Properties: Record<string, any>; [key: string]: any }> {
  return template.findResources(type) as Record<string, { Properties: Record<string, any> }>;
}

/** The logical id of the one resource of `type` whose path (aws:cdk:path metadata) contains `pathPart`. */
export function logicalIdByPath(template: Template, type: string, pathPart: string): string {
  const matches = Object.entries(template.findResources(type)).filter(([, r]) => String(r.Metadata?.['aws:cdk:path'] ?? '').includes(pathPart));
  if (matches.length !== 1) throw new Error(`expected one ${type} at *${pathPart}*, found ${matches.map(([id]) => id).join(', ') || 'none'}`);
  return matches[0]![0];
}

/** Every statement of every AWS::IAM::Policy attached to the role whose logical id is given. */
export function statementsOfRole(
  template: Template,
  roleLogicalId: string,
): Array<{ Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown; Sid?: string }> {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleLogicalId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

export const actionsOf = (statement: { Action: string | string[] }): string[] => [statement.Action].flat();
