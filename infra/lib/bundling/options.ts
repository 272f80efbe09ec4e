// How every Lambda is bundled, in one place: AppFunction (through NodejsFunction) and
// scripts/size.ts (through esbuild's API) both derive their options from LAMBDA_BUNDLE, so the
// bundle that is measured is the bundle that is deployed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { aws_lambda as lambda, aws_lambda_nodejs as nodejs } from 'aws-cdk-lib';
import { FONT_FILES } from '@tessera/badges/runtime-files';
import { BUNDLED_PORTS, FUNCTIONS, portsOf, type FunctionName } from '../../../functions/catalog.ts';

/** The repository root: NodejsFunction's projectRoot, and the base of every entry path. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Modules replaced at bundle time, and why (see each stub's header). */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  '@digitalbazaar/http-client': fileURLToPath(new URL('./http-client-stub.ts', import.meta.url)),
  '@aws-sdk/lib-dynamodb': fileURLToPath(new URL('./lib-dynamodb-entry.js', import.meta.url)),
  '@aws-sdk/credential-provider-node': fileURLToPath(new URL('./lambda-credentials.js', import.meta.url)),
  'node:http': fileURLToPath(new URL('./node-http.js', import.meta.url)),
  http: fileURLToPath(new URL('./node-http.js', import.meta.url)),
  'node:https': fileURLToPath(new URL('./node-https.js', import.meta.url)),
  https: fileURLToPath(new URL('./node-https.js', import.meta.url)),
};

/** ESM output still meets CommonJS dependencies (jsonld, rdf-canonize) that call require() for
 *  Node built-ins; esbuild's ESM output has no require, so give it Node's own. */
const REQUIRE_BANNER = "import { createRequire as __tesseraCreateRequire } from 'node:module'; const require = __tesseraCreateRequire(import.meta.url);";

/** The options both builders share. */
export const LAMBDA_BUNDLE = {
  target: 'node24',
  format: 'esm',
  platform: 'node',
  /** Prefer ESM entry points: they tree-shake (the AWS SDK v3 most of all). */
  mainFields: ['module', 'main'],
  minify: true,
  /** Source maps ship beside the bundle (read only when a stack trace is printed); sources are
   *  left out of them to keep the artefact small. */
  sourcemap: true,
  sourcesContent: false,
  banner: REQUIRE_BANNER,
  /** Nothing is external: the AWS SDK is bundled too, so each function runs the SDK version the
   *  tests ran, and tree-shaken bundles initialise faster than the runtime's full SDK. */
  external: [] as string[],
  alias: BUNDLE_ALIASES,
} as const;

/** What a port's define becomes in a function that does not use it (functions/shared/dependencies.ts). */
export const ABSENT_PORT = 'absent';

/** The environment name functions/shared/dependencies.ts tests for each port, e.g. TESSERA_BUNDLE_PUBLIC_SITE. */
export const portDefineName = (port: string) => `process.env.TESSERA_BUNDLE_${port.toUpperCase().replaceAll('-', '_')}`;

/**
 * Per function: each port its catalogue record does not use is defined as "absent", so esbuild drops
 * the branch of the composition root that builds that adapter, and with it the adapter and its AWS
 * SDK client (intake, review and verify carry only what they call). Without a name (a test's own
 * entry), nothing is defined and every adapter is bundled.
 */
export function bundleDefinesFor(name?: FunctionName): Record<string, string> {
  if (!name) return {};
  const used = new Set<string>(portsOf(FUNCTIONS[name]));
  return Object.fromEntries(BUNDLED_PORTS.filter((port) => !used.has(port)).map((port) => [portDefineName(port), JSON.stringify(ABSENT_PORT)]));
}

/** esbuild options for one handler, exactly as NodejsFunction builds it (`name` chooses its defines). */
export function esbuildOptionsFor(entry: string, outfile: string, name?: FunctionName): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    target: LAMBDA_BUNDLE.target,
    format: LAMBDA_BUNDLE.format,
    platform: LAMBDA_BUNDLE.platform,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    minify: LAMBDA_BUNDLE.minify,
    sourcemap: LAMBDA_BUNDLE.sourcemap,
    sourcesContent: LAMBDA_BUNDLE.sourcesContent,
    banner: { js: LAMBDA_BUNDLE.banner },
    external: [...LAMBDA_BUNDLE.external],
    alias: { ...LAMBDA_BUNDLE.alias },
    define: bundleDefinesFor(name),
    logLevel: 'warning',
  };
}

/** The Inter files render.ts loads (one list, in packages/badges); every other weight and the
 *  preview images are dropped from the artefact (8 MB to 1.5 MB). */
export const SHIPPED_FONT_FILES = FONT_FILES;

/**
 * npm chooses a native addon's binary (an optional package per os, cpu and libc) for the machine it
 * runs on: x64 on this build host, darwin-arm64 on a Mac, neither loadable on Lambda. Naming Lambda's
 * platform (Amazon Linux, glibc, the function's architecture) installs the right binary from any
 * machine, so every function, release included, stays on Graviton. npm reads these as configuration.
 * prefer-offline: once npm's cache holds those packages (after the first synth), synth needs no network.
 */
export function npmPlatformFor(architecture: lambda.Architecture): Record<string, string> {
  const cpu = architecture.name === lambda.Architecture.ARM_64.name ? 'arm64' : 'x64';
  return { npm_config_os: 'linux', npm_config_cpu: cpu, npm_config_libc: 'glibc', npm_config_prefer_offline: 'true' };
}

const PRUNE_SCRIPT = fileURLToPath(new URL('./prune-node-modules.ts', import.meta.url));

export interface FunctionBundling {
  /** The architecture the function runs on (which native binary npm installs). */
  readonly architecture: lambda.Architecture;
  /** Packages to install beside the bundle (FunctionRecord nodeModules in functions/catalog.ts); npm ci
   *  installs them from package-lock.json and esbuild treats them as external.
   *  @default - none: everything is in the bundle */
  readonly nodeModules?: readonly string[];
  /** The function it bundles, for its port defines (bundleDefinesFor). @default - every adapter bundled */
  readonly functionName?: FunctionName;
}

/** The same options for NodejsFunction, which passes them to the local esbuild (never Docker). */
export function nodejsBundlingOptions(fn?: FunctionBundling): nodejs.BundlingOptions {
  const nodeModules = fn?.nodeModules ?? [];
  return {
    ...(nodeModules.length && fn
      ? {
          nodeModules: [...nodeModules],
          // Only the bundling commands see these (npm ci beside the bundle), never the function.
          environment: npmPlatformFor(fn.architecture),
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            // Keeps the artefact to what runs: the fonts render.ts loads, no copy of the project's lock file.
            afterBundling: (_inputDir: string, outputDir: string) => [
              [process.execPath, PRUNE_SCRIPT, outputDir, ...SHIPPED_FONT_FILES.map((file) => path.posix.join('@expo-google-fonts/inter', file))]
                .map((arg) => JSON.stringify(arg))
                .join(' '),
            ],
          },
        }
      : {}),
    target: LAMBDA_BUNDLE.target,
    format: nodejs.OutputFormat.ESM,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    minify: LAMBDA_BUNDLE.minify,
    sourceMap: LAMBDA_BUNDLE.sourcemap,
    sourcesContent: LAMBDA_BUNDLE.sourcesContent,
    banner: LAMBDA_BUNDLE.banner,
    externalModules: [...LAMBDA_BUNDLE.external],
    define: bundleDefinesFor(fn?.functionName),
    esbuildArgs: Object.fromEntries(Object.entries(LAMBDA_BUNDLE.alias).map(([name, path]) => [`--alias:${name}`, path])),
    forceDockerBundling: false,
  };
}
