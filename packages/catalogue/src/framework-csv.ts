// A skills framework from a CSV (header `code,name,description,parent`, `url` optional): the
// simple way to bring a framework that has no CASE publication. Item ids derive from the framework
// id and the code, so importing the same file again keeps them.
import { createHash } from 'node:crypto';
import type { ErrorDetail } from '@tessera/core';
import { CsvError, parseCsv } from './csv.ts';
import { frameworkOrThrow, invalid, type Framework, type FrameworkItem } from './framework.ts';

const REQUIRED = ['code', 'name'] as const;
const COLUMNS = ['code', 'name', 'description', 'parent', 'url'] as const;
type Column = (typeof COLUMNS)[number];
/** A framework larger than this is not a skills framework an admin uploads by hand. */
export const MAX_CSV_ITEMS = 10_000;

/** The namespace of CSV item ids (a random UUID, fixed forever: changing it changes every id). */
const ITEM_ID_NAMESPACE = 'b2064cab-d14d-4fad-9258-20b458cfe6f7';

/** RFC 9562 name-based UUID (version 5, SHA-1). */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The item id for `code` in framework `frameworkId`: the same on every import. */
export function csvItemId(frameworkId: string, code: string): string {
  return uuidV5(ITEM_ID_NAMESPACE, JSON.stringify([frameworkId, code]));
}

export type CsvFrameworkOptions = {
  id: string;
  title: string;
  /** The URL an alignment points to for an item without a `url` column value. */
  itemUrl: (item: { id: string; code: string }) => string;
};

export function parseFrameworkCsv(text: string, options: CsvFrameworkOptions): Framework {
  const what = 'CSV framework';
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) throw invalid(what, [{ path: `line ${error.line}`, message: error.message.replace(/^line \d+: /, '') }]);
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw invalid(what, [{ path: 'line 1', message: 'the file is empty: expected the header code,name,description,parent' }]);
  const columns = readHeader(header.fields, header.line);
  if (rows.length > MAX_CSV_ITEMS) throw invalid(what, [{ path: `line ${rows[MAX_CSV_ITEMS]!.line}`, message: `more than ${MAX_CSV_ITEMS} items` }]);

  const details: ErrorDetail[] = [];
  const parsed = rows.map(({ line, fields }) => {
    // A row of the wrong width has its cells in the wrong columns: nothing more is said about it.
    const misaligned = fields.length !== columns.length;
    if (misaligned) details.push({ path: `line ${line}`, message: `expected ${columns.length} fields, found ${fields.length}` });
    const cell = (column: Column) => fields[columns.indexOf(column)]?.trim() || undefined;
    const url = cell('url');
    if (!misaligned) {
      for (const column of REQUIRED) if (!cell(column)) details.push({ path: `line ${line}`, message: `${column} is empty` });
      if (url !== undefined && !URL.canParse(url)) details.push({ path: `line ${line}`, message: `url ${JSON.stringify(url)} is not a URL` });
    }
    return { line, misaligned, code: cell('code') ?? '', name: cell('name') ?? '', description: cell('description'), parent: cell('parent'), url };
  });

  const idByCode = new Map(parsed.map((row) => [row.code, csvItemId(options.id, row.code)]));
  const items = parsed.map((row): FrameworkItem => {
    const id = idByCode.get(row.code)!;
    const parentId = row.parent === undefined ? undefined : idByCode.get(row.parent);
    if (row.parent !== undefined && parentId === undefined && !row.misaligned)
      details.push({ path: `line ${row.line}`, message: `parent "${row.parent}" is not the code of any row` });
    return {
      id,
      code: row.code,
      name: row.name,
      ...(row.description ? { description: row.description } : {}),
      url: row.url ?? options.itemUrl({ id, code: row.code }),
      ...(parentId ? { parentId } : {}),
    };
  });
  if (details.length) throw invalid(what, details);
  return frameworkOrThrow({ id: options.id, title: options.title, items }, what, { where: (index) => `line ${parsed[index]!.line}`, uniqueCodes: true });
}

function readHeader(fields: string[], line: number): Column[] {
  const names = fields.map((f) => f.trim().toLowerCase());
  const details: ErrorDetail[] = [];
  names.forEach((name, index) => {
    if (!(COLUMNS as readonly string[]).includes(name)) details.push({ path: `line ${line}`, message: `unknown column "${fields[index]}" (expected ${COLUMNS.join(', ')})` });
    else if (names.indexOf(name) !== index) details.push({ path: `line ${line}`, message: `column "${name}" appears twice` });
  });
  for (const column of REQUIRED) if (!names.includes(column)) details.push({ path: `line ${line}`, message: `the header has no "${column}" column` });
  if (details.length) throw invalid('CSV framework', details);
  return names as Column[];
}
