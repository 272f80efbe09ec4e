// Bulk runner adapters: the Lambda self-invocation (the in-process runner lives in @tessera/local).
export { createLambdaBulkRunner, isBulkContinueEvent, type BulkContinueEvent, type LambdaBulkRunnerOptions } from './lambda-bulk-runner.ts';
