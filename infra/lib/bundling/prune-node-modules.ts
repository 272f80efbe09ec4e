// Run by NodejsFunction after it has installed a function's nodeModules beside the bundle (a
// commandHooks.afterBundling step, with the Node.js that runs `cdk synth`):
//   node prune-node-modules.ts <bundle dir> <package>/<file to keep> ...
// In each package named, deletes the font files (.ttf) not listed and every preview image (.png);
// and deletes the copy of the project's package-lock.json that npm ci needed. Imports nothing but
// Node built-ins: it runs outside the app, before anything is loaded.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const [outputDir, ...keep] = process.argv.slice(2);
if (!outputDir || !existsSync(path.join(outputDir, 'node_modules'))) {
  throw new Error(`prune-node-modules: ${outputDir ?? '(no directory given)'} has no node_modules to prune`);
}

const kept = new Set(keep.map((file) => path.join(outputDir, 'node_modules', file)));
const packages = new Set(
  keep.map((file) =>
    file
      .split('/')
      .slice(0, file.startsWith('@') ? 2 : 1)
      .join('/'),
  ),
);

for (const name of packages) {
  const dir = path.join(outputDir, 'node_modules', name);
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && /\.(ttf|png)$/.test(entry.name) && !kept.has(file)) rmSync(file);
  }
  for (const file of kept) {
    if (file.startsWith(`${dir}${path.sep}`) && !existsSync(file)) throw new Error(`prune-node-modules: ${file} is not in the installed ${name}`);
  }
}
rmSync(path.join(outputDir, 'package-lock.json'), { force: true });
