// Stands in for @aws-sdk/lib-dynamodb's entry point inside Lambda bundles: the same client and
// commands, without the paginators. Its index re-exports them, each made by a top-level
// createPaginator(DynamoDBDocumentClient, ...) call; the package does not declare itself free of
// side effects, so esbuild must keep those calls, and with them the DynamoDB client and the SDK core
// (~340 KB minified), in every bundle that imports the store at all, verify included, which makes no
// table call. Tessera uses no paginator. Relative paths: the alias would also rewrite subpaths.
// Plain JavaScript: the SDK's dist-es files have no declarations of their own (the store compiles
// against the real package; only esbuild sees this file).
export * from '../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/index.js';
export * from '../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/DynamoDBDocumentClient.js';
export * from '../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/DynamoDBDocument.js';
export { NumberValueImpl as NumberValue } from '@aws-sdk/util-dynamodb';
