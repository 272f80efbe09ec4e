// The CDK app entry (cdk.json: `npx tsx infra/bin/app.ts`). Picks the stage with `-c stage=<name>`
// (cdk.json defaults it to dev; infra/config/stages/<name>.json holds it) and stops with a readable message if its configuration is wrong.
import { App } from 'aws-cdk-lib';
import { StageConfigError, selectStage } from '../config/schema.ts';
import { loadStages } from '../config/stages.ts';
import { buildTesseraStage } from '../lib/tessera-app.ts';

const app = new App();
try {
  buildTesseraStage(app, selectStage(loadStages(), app.node.tryGetContext('stage')));
} catch (error) {
  if (!(error instanceof StageConfigError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
app.synth();
