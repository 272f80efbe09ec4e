// The one test that really bundles: every function through NodejsFunction and the local esbuild,
// then each bundle imported in a fresh Node.js 24 process, as Lambda would on a cold start.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../functions/catalog.ts';
import { LAMBDA_BUNDLE, REPO_ROOT, esbuildOptionsFor, nodejsBundlingOptions } from '../../infra/lib/bundling/options.ts';
import { logicalIdByPath, resourcesOf, synthStage } from './support.ts';

const NODE_24 = path.join(REPO_ROOT, 'node_modules/.bin/node');
let outdir: string;
let bundles: Record<string, string>;

beforeAll(() => {
  outdir = mkdtempSync(path.join(tmpdir(), 'tessera-bundle-'));
  const { app, appRoot } = synthStage(undefined, { bundle: true, outdir });
  appRoot.synth();
  // Each function's code is an asset staged as <outdir>/asset.<hash>/index.mjs.
  bundles = Object.fromEntries(
    FUNCTION_NAMES.map((name) => {
      const fn = resourcesOf(app, 'AWS::Lambda::Function')[logicalIdByPath(app, 'AWS::Lambda::Function', `/Fn-${name}/Function/`)]!;
      const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
      return [name, path.join(outdir, `asset.${hash}`, 'index.mjs')];
    }),
  );
}, 300_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('function bundles', () => {
  it.each(FUNCTION_NAMES)('%s bundles to one ESM file with its source map', (name) => {
    expect(existsSync(bundles[name]!)).toBe(true);
    expect(existsSync(`${bundles[name]}.map`)).toBe(true);
  });

  it.each(FUNCTION_NAMES)('%s leaves undici (jsonld\'s network loader) out', (name) => {
    // Act
    const code = readFileSync(bundles[name]!, 'utf8');

    // Assess: undici's own error class names survive minification. (Booleans: a failing
    // toContain would print the whole bundle.)
    expect(code.includes('UndiciError')).toBe(false);
  });

  it.each(['verify', 'release-credential'])('%s, which runs jsonld, gets the stub in its place', (name) => {
    expect(readFileSync(bundles[name]!, 'utf8').includes('network document loading is disabled')).toBe(true);
  });

  it.each(FUNCTION_NAMES)('%s initialises on Node.js 24 and exports handler', (name) => {
    // Act
    const run = spawnSync(NODE_24, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(bundles[name])}); console.log(typeof m.handler);`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH }, // no TESSERA_* variables: importing must not need configuration
      timeout: 30_000,
    });

    // Assess
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('function');
  });

  it('is byte for byte what scripts/size.ts measures (one set of esbuild options)', async () => {
    // Prepare
    const name = 'webhook-intake';
    const measured = mkdtempSync(path.join(tmpdir(), 'tessera-size-'));

    // Act
    await build(esbuildOptionsFor(path.join(REPO_ROOT, `functions/${name}/handler.ts`), path.join(measured, 'index.mjs')));

    // Assess
    expect(readFileSync(path.join(measured, 'index.mjs')).equals(readFileSync(bundles[name]!))).toBe(true);
    rmSync(measured, { recursive: true, force: true });
  });
});

describe('shared bundling options', () => {
  it('give NodejsFunction the same format, target, fields, banner, externals and aliases as esbuild', () => {
    // Act
    const cdk = nodejsBundlingOptions();
    const esbuild = esbuildOptionsFor('entry.ts', 'out.mjs');

    // Assess
    expect(cdk.format).toBe(esbuild.format);
    expect(cdk.target).toBe(esbuild.target);
    expect(cdk.mainFields).toEqual(esbuild.mainFields);
    expect(cdk.banner).toBe((esbuild.banner as { js: string }).js);
    expect(cdk.externalModules).toEqual(esbuild.external);
    expect(cdk.minify).toBe(esbuild.minify);
    expect(cdk.esbuildArgs).toEqual(Object.fromEntries(Object.entries(LAMBDA_BUNDLE.alias).map(([k, v]) => [`--alias:${k}`, v])));
    expect(esbuild.alias).toEqual(LAMBDA_BUNDLE.alias);
  });
});
