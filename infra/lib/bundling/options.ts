// How every Lambda is bundled, in one place: AppFunction (through NodejsFunction) and
// scripts/size.ts (through esbuild's API) both derive their options from LAMBDA_BUNDLE, so the
// bundle that is measured is the bundle that is deployed.
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { aws_lambda_nodejs as nodejs } from 'aws-cdk-lib';

/** The repository root: NodejsFunction's projectRoot, and the base of every entry path. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Modules replaced at bundle time, and why (see each stub's header). */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  '@digitalbazaar/http-client': fileURLToPath(new URL('./http-client-stub.ts', import.meta.url)),
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

/** esbuild options for one handler, exactly as NodejsFunction builds it. */
export function esbuildOptionsFor(entry: string, outfile: string): BuildOptions {
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
    logLevel: 'warning',
  };
}

/** The same options for NodejsFunction, which passes them to the local esbuild (never Docker). */
export function nodejsBundlingOptions(): nodejs.BundlingOptions {
  return {
    target: LAMBDA_BUNDLE.target,
    format: nodejs.OutputFormat.ESM,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    minify: LAMBDA_BUNDLE.minify,
    sourceMap: LAMBDA_BUNDLE.sourcemap,
    sourcesContent: LAMBDA_BUNDLE.sourcesContent,
    banner: LAMBDA_BUNDLE.banner,
    externalModules: [...LAMBDA_BUNDLE.external],
    esbuildArgs: Object.fromEntries(Object.entries(LAMBDA_BUNDLE.alias).map(([name, path]) => [`--alias:${name}`, path])),
    forceDockerBundling: false,
  };
}
