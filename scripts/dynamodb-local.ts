// `npm run dynamodb:install` fetches DynamoDB Local into .cache/dynamodb-local (CI and fresh clones);
// `tsx scripts/dynamodb-local.ts start [port]` runs one by hand until Ctrl-C.
import { installDynamoDbLocal, startDynamoDbLocal } from '../packages/local/src/dynamodb-local.ts';

const log = (line: string) => console.log(line);

async function main(command: string | undefined, arg: string | undefined): Promise<void> {
  switch (command) {
    case 'install':
      await installDynamoDbLocal({ log });
      return;
    case 'start': {
      const dynamodb = await startDynamoDbLocal({ port: arg ? Number(arg) : undefined, log });
      log(`DynamoDB Local is listening on ${dynamodb.endpoint} (in memory); Ctrl-C stops it`);
      const stop = () => void dynamodb.stop().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return;
    }
    default:
      console.error('usage: tsx scripts/dynamodb-local.ts install | start [port]');
      process.exitCode = 2;
  }
}

main(process.argv[2], process.argv[3]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
