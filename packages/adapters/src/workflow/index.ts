// Workflow adapters: AWS Step Functions (the local runner lives in @tessera/local).
export { createSfnWorkflow, type SfnWorkflowOptions } from './sfn-workflow.ts';
