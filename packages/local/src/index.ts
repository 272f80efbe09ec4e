export * from './app.ts';
export * from './seed.ts';
export * from './gateway.ts';
export * from './workflow-runner.ts';
export * from './dynamodb-local.ts';
