// The one test that really bundles: every function through NodejsFunction and the local esbuild,
// then each bundle imported in a fresh Node.js 24 process, as Lambda would on a cold start.
// release-credential's nodeModules (resvg and the Inter fonts) are really installed too, by npm ci
// from package-lock.json: this needs the npm registry or npm's cache (about 4 s here).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { aws_lambda as lambda } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, FUNCTION_NAMES } from '../../functions/catalog.ts';
import { LAMBDA_BUNDLE, REPO_ROOT, esbuildOptionsFor, nodejsBundlingOptions } from '../../infra/lib/bundling/options.ts';
import { logicalIdByPath, resourcesOf, synthStage } from './support.ts';

const NODE_24 = path.join(REPO_ROOT, 'node_modules/.bin/node');
let outdir: string;
let bundles: Record<string, string>;
let architectures: Record<string, string[]>;

beforeAll(() => {
  outdir = mkdtempSync(path.join(tmpdir(), 'tessera-bundle-'));
  const { app, appRoot } = synthStage(undefined, { bundle: true, outdir });
  appRoot.synth();
  // Each function's code is an asset staged as <outdir>/asset.<hash>/index.mjs.
  const functionOf = (name: string) => resourcesOf(app, 'AWS::Lambda::Function')[logicalIdByPath(app, 'AWS::Lambda::Function', `/Fn-${name}/Function/`)]!;
  bundles = Object.fromEntries(
    FUNCTION_NAMES.map((name) => {
      const hash = String(functionOf(name).Properties.Code.S3Key).replace(/\.zip$/, '');
      return [name, path.join(outdir, `asset.${hash}`, 'index.mjs')];
    }),
  );
  architectures = Object.fromEntries(FUNCTION_NAMES.map((name) => [name, functionOf(name).Properties.Architectures]));
}, 300_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('function bundles', () => {
  it.each(FUNCTION_NAMES)('%s bundles to one ESM file with its source map', (name) => {
    expect(existsSync(bundles[name]!)).toBe(true);
    expect(existsSync(`${bundles[name]}.map`)).toBe(true);
  });

  it.each(FUNCTION_NAMES)("%s leaves undici (jsonld's network loader) out", (name) => {
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

  // release-credential too: its nodeModules are external to esbuild, which changes nothing because
  // render.ts names them only at run time.
  it.each(['webhook-intake', 'release-credential'] as const)('%s is byte for byte what scripts/size.ts measures (one set of esbuild options)', async (name) => {
    // Prepare
    const measured = mkdtempSync(path.join(tmpdir(), 'tessera-size-'));

    // Act
    await build(esbuildOptionsFor(path.join(REPO_ROOT, `functions/${name}/handler.ts`), path.join(measured, 'index.mjs'), name));

    // Assess
    expect(readFileSync(path.join(measured, 'index.mjs')).equals(readFileSync(bundles[name]!))).toBe(true);
    rmSync(measured, { recursive: true, force: true });
  });
});

/** The ELF machine of a native addon: 0xB7 is AArch64 (Graviton), 0x3E x86-64. */
function elfMachine(file: string): number {
  const header = readFileSync(file).subarray(0, 20);
  expect(header.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  return header.readUInt16LE(18);
}

describe('release-credential artefact (badge rendering)', () => {
  const assetOf = (name: string) => path.dirname(bundles[name]!);
  const shipped = (dir: string, pattern: RegExp): string[] =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => pattern.test(file))
      .map((file) => file.split(path.sep).join('/'))
      .sort();

  it('ships the resvg binary for linux arm64 (glibc), the architecture the function runs on, and no other', () => {
    // Prepare
    const modules = path.join(assetOf('release-credential'), 'node_modules');

    // Act
    const addons = shipped(modules, /\.node$/);

    // Assess: built on x64, but npm was told Lambda's platform.
    expect(architectures['release-credential']).toEqual(['arm64']);
    expect(readdirSync(path.join(modules, '@resvg')).sort()).toEqual(['resvg-js', 'resvg-js-linux-arm64-gnu']);
    expect(addons).toEqual(['@resvg/resvg-js-linux-arm64-gnu/resvgjs.linux-arm64-gnu.node']);
    expect(elfMachine(path.join(modules, addons[0]!))).toBe(0xb7);
  });

  it('finds beside its bundle every module and font file the bundle names, and only those fonts', () => {
    // Prepare
    const bundle = bundles['release-credential']!;
    const code = readFileSync(bundle, 'utf8');
    const fromBundle = createRequire(bundle);

    // Act: the names render.ts loads at run time survive minification as strings.
    const fonts = [...new Set(code.match(/\d{3}[A-Za-z]+\/Inter_\w+\.ttf/g) ?? [])].sort();

    // Assess
    for (const name of FUNCTIONS['release-credential'].nodeModules!) expect(code.includes(`"${name}"`), name).toBe(true);
    expect(fonts.length).toBeGreaterThanOrEqual(1);
    expect(fromBundle.resolve('@resvg/resvg-js').startsWith(assetOf('release-credential'))).toBe(true);
    for (const font of fonts) expect(fromBundle.resolve(`@expo-google-fonts/inter/${font}`).startsWith(assetOf('release-credential'))).toBe(true);
    expect(shipped(path.join(assetOf('release-credential'), 'node_modules'), /\.(ttf|png)$/)).toEqual(fonts.map((f) => `@expo-google-fonts/inter/${f}`));
    expect(existsSync(path.join(assetOf('release-credential'), 'package-lock.json'))).toBe(false);
  });

  it('renders text with the shipped resvg wrapper and fonts (this x64 host lends only the binary)', () => {
    // Prepare: the artefact's own modules come first; NODE_PATH adds the host's x64 binary package,
    // which the artefact lacks by design.
    const script = `
      const { createRequire } = await import('node:module');
      const require = createRequire(${JSON.stringify(bundles['release-credential'])});
      const { Resvg } = require('@resvg/resvg-js');
      const fontFiles = ['700Bold/Inter_700Bold.ttf'].map((f) => require.resolve('@expo-google-fonts/inter/' + f));
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="10" y="40" font-family="Inter" font-weight="700" font-size="32">Tessera</text></svg>';
      const resvg = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles, defaultFontFamily: 'Inter' } });
      console.log(JSON.stringify({ width: resvg.getBBox()?.width ?? 0, png: resvg.render().asPng().length, wrapper: require.resolve('@resvg/resvg-js') }));`;

    // Act
    const run = spawnSync(NODE_24, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NODE_PATH: path.join(REPO_ROOT, 'node_modules') },
      timeout: 30_000,
    });

    // Assess: text has a width only if the font loaded (resvg draws no text without one).
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { width: number; png: number; wrapper: string };
    expect(result.wrapper.startsWith(assetOf('release-credential'))).toBe(true);
    expect(result.width).toBeGreaterThan(50);
    expect(result.png).toBeGreaterThan(100);
  });

  it.each(FUNCTION_NAMES.filter((name) => !FUNCTIONS[name].nodeModules))('%s ships its bundle alone', (name) => {
    expect(readdirSync(assetOf(name)).sort()).toEqual(['index.mjs', 'index.mjs.map']);
  });
});

describe('shared bundling options', () => {
  it("install nodeModules for Lambda's platform, whatever machine synthesizes", () => {
    // Act
    const arm = nodejsBundlingOptions({ architecture: lambda.Architecture.ARM_64, nodeModules: ['@resvg/resvg-js'] });
    const x86 = nodejsBundlingOptions({ architecture: lambda.Architecture.X86_64, nodeModules: ['@resvg/resvg-js'] });
    const none = nodejsBundlingOptions({ architecture: lambda.Architecture.ARM_64 });

    // Assess
    expect(arm.nodeModules).toEqual(['@resvg/resvg-js']);
    expect(arm.environment).toEqual({ npm_config_os: 'linux', npm_config_cpu: 'arm64', npm_config_libc: 'glibc', npm_config_prefer_offline: 'true' });
    expect(x86.environment).toMatchObject({ npm_config_cpu: 'x64' });
    expect(none.nodeModules).toBeUndefined();
    expect(none.environment).toBeUndefined();
    expect(none.commandHooks).toBeUndefined();
  });

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

describe('per-function composition (only the adapters a function uses are bundled)', () => {
  /** The AWS SDK clients a bundle carries (their client class: verify keeps a few DynamoDB exception classes the store names), from esbuild's metafile. */
  async function clientsIn(name: (typeof FUNCTION_NAMES)[number]): Promise<string[]> {
    const dir = mkdtempSync(path.join(tmpdir(), 'tessera-ports-'));
    try {
      const result = await build({ ...esbuildOptionsFor(path.join(REPO_ROOT, `functions/${name}/handler.ts`), path.join(dir, 'index.mjs'), name), metafile: true });
      // The output's inputs, not metafile.inputs: those list every file parsed, tree-shaken or not.
      const [output] = Object.values(result.metafile.outputs).filter((o) => o.entryPoint);
      const kept = Object.entries(output!.inputs).filter(([, { bytesInOutput }]) => bytesInOutput > 0);
      const clients = kept.flatMap(([input]) => /node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\/dist-es\/[A-Za-z0-9]+Client\.js$/.exec(input)?.[1] ?? []);
      return [...new Set(clients)].sort();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it.each([
    ['webhook-intake', ['client-dynamodb', 'client-s3', 'client-sfn', 'client-sqs']],
    ['review', ['client-dynamodb', 'client-sfn']],
    // verify builds no store (its port is absent); the store modules it still imports (admin-auth's
    // token hash) reach @aws-sdk/lib-dynamodb, whose paginators kept the client until the bundle
    // aliased its entry (infra/lib/bundling/lib-dynamodb-entry.js).
    ['verify', []],
    ['release-credential', ['client-dynamodb', 'client-kms', 'client-s3']],
  ] as const)('%s carries only the clients of its capabilities', async (name, expected) => {
    expect(await clientsIn(name)).toEqual(expected);
  });
});

describe('bundle aliases (infra/lib/bundling/*.js)', () => {
  /** Plain JavaScript read only by esbuild (no declarations): imported by URL, untyped on purpose. */
  const aliasModule = (file: string) => new URL(`../../infra/lib/bundling/${file}`, import.meta.url).href;

  it('give node:http and node:https exactly the built-ins their callers name', async () => {
    // Act
    const http = (await import(aliasModule('node-http.js'))) as Record<string, unknown>;
    const https = (await import(aliasModule('node-https.js'))) as Record<string, unknown>;
    const realHttp = process.getBuiltinModule('node:http') as unknown as Record<string, unknown>;
    const realHttps = process.getBuiltinModule('node:https') as unknown as Record<string, unknown>;

    // Assess
    expect(http.default).toBe(realHttp);
    expect(https.default).toBe(realHttps);
    for (const [name, value] of Object.entries(http)) if (name !== 'default') expect(value, name).toBe(realHttp[name]);
    for (const [name, value] of Object.entries(https)) if (name !== 'default') expect(value, name).toBe(realHttps[name]);
  });

  it("give @aws-sdk/lib-dynamodb's client and every command Tessera's store imports", async () => {
    // Prepare
    const used = [
      'DynamoDBDocumentClient',
      'GetCommand',
      'PutCommand',
      'UpdateCommand',
      'DeleteCommand',
      'QueryCommand',
      'TransactWriteCommand',
      'BatchGetCommand',
      'BatchWriteCommand',
    ];

    // Act
    const entry = (await import(aliasModule('lib-dynamodb-entry.js'))) as Record<string, unknown>;

    // Assess
    for (const name of used) expect(typeof entry[name], name).toBe('function');
    for (const name of used) expect((entry[name] as { name: string }).name).toBe(name);
    expect(Object.keys(entry).some((name) => name.startsWith('paginate'))).toBe(false);
  });

  it("give the SDK Lambda's credentials: the role's, from the environment", async () => {
    // Prepare
    const { defaultProvider } = (await import(aliasModule('lambda-credentials.js'))) as { defaultProvider: () => () => Promise<Record<string, unknown>> };
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' });
    try {
      // Act
      const credentials = await defaultProvider()();

      // Assess
      expect(credentials).toMatchObject({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
      delete process.env.AWS_ACCESS_KEY_ID;
      await expect(defaultProvider()()).rejects.toThrow(/AWS_ACCESS_KEY_ID|credentials/i);
    } finally {
      process.env = saved;
    }
  });

  it.each(['webhook-intake', 'review', 'verify'] as const)('%s: its bundle imports in a fresh Node 24 with the aliases in', async (name) => {
    // Prepare
    const dir = mkdtempSync(path.join(tmpdir(), 'tessera-alias-'));
    try {
      const outfile = path.join(dir, 'index.mjs');
      await build(esbuildOptionsFor(path.join(REPO_ROOT, `functions/${name}/handler.ts`), outfile, name));

      // Act
      const run = spawnSync(NODE_24, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(outfile)}); console.log(typeof m.handler);`], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1' },
        timeout: 30_000,
      });

      // Assess
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('function');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
