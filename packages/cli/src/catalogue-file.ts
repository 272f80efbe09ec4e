// A catalogue file (YAML or JSON): the frameworks, sources, achievements and stacks an institution
// keeps under version control. Read and checked whole before anything is sent, so a mistake in it
// is reported with its place in the file and nothing is written.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CreateAchievementRequest, CreateSourceRequest, Stack, formatCsv, parseCasePackage, parseFrameworkCsv, type Framework } from '@tessera/catalogue';
import { detailsFromZod } from '@tessera/core';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';

/** The file could not be read or says something invalid: `problems` names each place. */
export class CatalogueFileError extends Error {
  override name = 'CatalogueFileError';
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}:\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
  }
}

const FrameworkItemEntry = z
  .object({
    code: z.string().trim().min(1),
    name: z.string().trim().min(1),
    description: z.string().trim().min(1).optional(),
    parent: z.string().trim().min(1).optional(),
    url: z.url().optional(),
  })
  .strict();

/** A framework written out in the file (sent as the CSV import), or a CASE 1.0 package beside it. */
const FrameworkEntry = z.union([
  z.object({ id: z.string().min(1), title: z.string().trim().min(1), items: z.array(FrameworkItemEntry).min(1) }).strict(),
  z.object({ case: z.string().min(1).describe('path of a CASE 1.0 package (JSON), relative to the catalogue file') }).strict(),
]);

/** A skill by its framework item's id, or (easier to write) by the item's code. */
const SkillEntry = z.union([
  z.object({ frameworkId: z.string().min(1), itemId: z.string().min(1) }).strict(),
  z.object({ frameworkId: z.string().min(1), code: z.string().min(1) }).strict(),
]);

export const CatalogueFileSchema = z
  .object({
    frameworks: z.array(FrameworkEntry).default([]),
    // A source without a kind is generic (files written before kinds existed).
    sources: z.array(z.preprocess((v) => (v && typeof v === 'object' && !('kind' in v) ? { ...v, kind: 'generic' } : v), CreateSourceRequest)).default([]),
    /** POST /admin/achievements bodies; `skills` may name items by code. Checked once skills are resolved. */
    achievements: z.array(z.looseObject({ id: z.string().min(1), skills: z.array(SkillEntry).optional() })).default([]),
    stacks: z.array(z.unknown()).default([]),
  })
  .strict();

/** How a framework is sent: the CSV import (with id and title in the query) or a CASE package. */
export type FrameworkUpload = { kind: 'csv'; id: string; title: string; csv: string } | { kind: 'case'; id: string; title: string; json: string };

export type CatalogueFile = {
  frameworks: { framework: Framework; upload: FrameworkUpload }[];
  sources: CreateSourceRequest[];
  /** `desired` as the admin API will parse it (defaults applied), to compare with what it shows;
   *  `body` as written (skills resolved), which is what is sent. */
  achievements: { desired: CreateAchievementRequest; body: Record<string, unknown> }[];
  stacks: Stack[];
};

/** A framework's item ids as the admin API will have them, to resolve skills named by code. */
export type FrameworkLookup = (frameworkId: string) => Promise<Framework['items'] | undefined>;

/** CSV items get ids from (framework id, code) whatever URL they end up with: any will do here. */
const PLACEHOLDER_ITEM_URL = ({ id }: { id: string }) => `urn:uuid:${id}`;

function problemsOf(error: z.ZodError, prefix: string): string[] {
  return detailsFromZod(error.issues).map((d) => `${prefix}${d.path && d.path !== '(root)' ? `.${d.path}` : ''}: ${d.message}`);
}

function duplicates(kind: string, ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.flatMap((id) => {
    if (seen.has(id)) return [`${kind} ${id} is listed twice`];
    seen.add(id);
    return [];
  });
}

/** Reads and checks the file. Skills named by code are resolved against the file's own frameworks
 *  first, then through `lookup` (the frameworks already in Tessera). */
export async function readCatalogueFile(path: string, lookup: FrameworkLookup): Promise<CatalogueFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CatalogueFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new CatalogueFileError(`${path} is not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  const parsed = CatalogueFileSchema.safeParse(value ?? {});
  if (!parsed.success) throw new CatalogueFileError(`${path} is not a catalogue file`, problemsOf(parsed.error, 'file'));
  const file = parsed.data;
  const problems: string[] = [];

  const frameworks: CatalogueFile['frameworks'] = [];
  for (const [index, entry] of file.frameworks.entries()) {
    try {
      if ('case' in entry) {
        const json = await readFile(resolve(dirname(path), entry.case), 'utf8');
        const framework = parseCasePackage(JSON.parse(json));
        frameworks.push({ framework, upload: { kind: 'case', id: framework.id, title: framework.title, json } });
      } else {
        const rows = entry.items.map((item) => [item.code, item.name, item.description ?? '', item.parent ?? '', item.url ?? '']);
        const csv = formatCsv([['code', 'name', 'description', 'parent', 'url'], ...rows]);
        const framework = parseFrameworkCsv(csv, { id: entry.id, title: entry.title, itemUrl: PLACEHOLDER_ITEM_URL });
        frameworks.push({ framework, upload: { kind: 'csv', id: entry.id, title: entry.title, csv } });
      }
    } catch (error) {
      problems.push(`frameworks.${index}: ${(error as Error).message}`);
    }
  }

  const itemsOf = async (frameworkId: string) => frameworks.find((f) => f.framework.id === frameworkId)?.framework.items ?? (await lookup(frameworkId));
  const achievements: CatalogueFile['achievements'] = [];
  for (const [index, entry] of file.achievements.entries()) {
    const skills = [];
    for (const [s, skill] of (entry.skills ?? []).entries()) {
      if ('itemId' in skill) {
        skills.push(skill);
        continue;
      }
      const item = (await itemsOf(skill.frameworkId))?.find((i) => i.code === skill.code);
      if (item) skills.push({ frameworkId: skill.frameworkId, itemId: item.id });
      else problems.push(`achievements.${index}.skills.${s}: no item with code ${skill.code} in framework ${skill.frameworkId}`);
    }
    const body = { ...entry, ...(entry.skills ? { skills } : {}) };
    const checked = CreateAchievementRequest.safeParse(body);
    if (checked.success) achievements.push({ desired: checked.data, body });
    else problems.push(...problemsOf(checked.error, `achievements.${index}`));
  }

  const stacks: Stack[] = [];
  for (const [index, entry] of file.stacks.entries()) {
    const checked = Stack.safeParse(entry);
    if (checked.success) stacks.push(checked.data);
    else problems.push(...problemsOf(checked.error, `stacks.${index}`));
  }

  const sources = file.sources;
  problems.push(
    ...duplicates(
      'framework',
      frameworks.map((f) => f.framework.id),
    ),
    ...duplicates(
      'source',
      sources.map((s) => s.id),
    ),
    ...duplicates(
      'achievement',
      achievements.map((a) => a.desired.id),
    ),
    ...duplicates(
      'stack',
      stacks.map((s) => s.id),
    ),
  );
  if (problems.length) throw new CatalogueFileError(`${path} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);
  return { frameworks, sources, achievements, stacks };
}
