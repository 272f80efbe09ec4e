// Imported first in each workflow step thread the bench starts (LocalOptions.stepThreadPreload):
// its DynamoDB calls are counted with the main thread's (bench/db-calls.ts).
import { countDynamoDbCalls } from './db-calls.ts';

countDynamoDbCalls();
