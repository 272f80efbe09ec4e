// The stages this repository deploys: one JSON file each in infra/config/stages/ (`-c stage=<name>`
// reads stages/<name>.json). `dev.json` ships with its required values blank: synth names each one
// still to fill in. schema.ts documents every field and its default.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StageConfigError } from './schema.ts';

export const STAGES_DIR = fileURLToPath(new URL('./stages/', import.meta.url));

/** Every stage file, by name (the file name without .json); a file that is not JSON stops synth, naming it. */
export function loadStages(dir = STAGES_DIR): Record<string, unknown> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => {
        const text = readFileSync(path.join(dir, file), 'utf8');
        try {
          return [file.slice(0, -'.json'.length), JSON.parse(text) as unknown];
        } catch (error) {
          throw new StageConfigError(`infra/config/stages/${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
        }
      }),
  );
}
