// `npm run keys:rotate`: local key rotation. Retires the local signing key (kept under
// .data/keys/retired/) so that the next `npm start` signs with a new one; did.json then lists both,
// and credentials signed with the old key still verify. On AWS, rotation is a new KMS key id in
// configuration instead (docs/KEYS.md).
import { resolve } from 'node:path';
import { retireLocalKey } from '@tessera/adapters';
import { localKeyFile } from '../packages/local/src/app.ts';

const [command] = process.argv.slice(2);
if (command !== 'rotate') {
  console.error('usage: npm run keys:rotate   (stop npm start first; the new key is made on the next start)');
  process.exit(2);
}
const keyFile = localKeyFile(resolve(process.env.TESSERA_DATA_DIR ?? '.data'));
const retired = retireLocalKey(keyFile, new Date());
console.log(`Retired the signing key to ${retired}.\nThe next \`npm start\` makes a new key and publishes did.json with both.`);
