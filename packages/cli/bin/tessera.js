#!/usr/bin/env node
// `npx tessera`: the project ships TypeScript sources, so this launcher registers tsx's loader in
// this process (the pinned Node from node_modules/.bin) and runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
