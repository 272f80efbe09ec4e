// The CSV of a bulk award upload: a header naming the columns, then one award per row. Only the file
// as a whole can be refused here (not CSV, a missing column); each row is read on its own, and a bad
// row becomes an `errors` entry for that row alone.
import { AwardRequest, ValidationError, detailsFromZod, type BulkInputRow } from '@tessera/core';
import { CsvError, parseCsv } from './csv.ts';

export const BULK_REQUIRED_COLUMNS = ['eventId', 'email', 'name', 'achievementId', 'evidenceUrl'] as const;
export const BULK_OPTIONAL_COLUMNS = ['evidenceNarrative'] as const;
const KNOWN: readonly string[] = [...BULK_REQUIRED_COLUMNS, ...BULK_OPTIONAL_COLUMNS];

/** Maps a row's fields to the request's paths, so an error names the column a person can fix. */
const COLUMN_OF: Record<string, string> = {
  eventId: 'eventId',
  achievementId: 'achievementId',
  'recipient.email': 'email',
  'recipient.name': 'name',
  'evidence.0.url': 'evidenceUrl',
  'evidence.0.narrative': 'evidenceNarrative',
  'evidence.0': 'evidenceUrl',
};

/** Reads `text` into one input row per record after the header. `occurredAt` is given to every award
 *  (the file says nothing about when each learner finished). A file that is not CSV, or whose header
 *  lacks a column or names an unknown one, is a ValidationError; nothing else is. */
export function readBulkCsv(text: string, occurredAt: string): BulkInputRow[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) throw new ValidationError(`the file is not valid CSV: ${error.message}`, [{ path: `line ${error.line}`, message: error.message }], error);
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw new ValidationError('the file is empty: it needs a header line and at least one row', [{ path: 'line 1', message: 'no header' }]);
  const columns = header.fields.map((field) => field.trim());
  const missing = BULK_REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
  const unknown = columns.filter((column) => !KNOWN.includes(column));
  const repeated = columns.filter((column, i) => columns.indexOf(column) !== i);
  if (missing.length || unknown.length || repeated.length) {
    const details = [
      ...missing.map((column) => ({ path: column, message: 'missing from the header' })),
      ...unknown.map((column) => ({ path: column, message: `unknown column (the columns are ${KNOWN.join(', ')})` })),
      ...repeated.map((column) => ({ path: column, message: 'named twice in the header' })),
    ];
    throw new ValidationError(`the header must be ${BULK_REQUIRED_COLUMNS.join(',')} (plus, optionally, ${BULK_OPTIONAL_COLUMNS.join(', ')})`, details);
  }
  if (!rows.length) throw new ValidationError('the file has a header but no rows', [{ path: 'line 2', message: 'no rows' }]);

  return rows.map(({ line, fields }) => {
    if (fields.length !== columns.length) {
      return { row: line, errors: [{ path: `line ${line}`, message: `has ${fields.length} fields; the header has ${columns.length}` }] };
    }
    const cell = (column: string) => {
      const value = fields[columns.indexOf(column)]?.trim();
      return value ? value : undefined;
    };
    const url = cell('evidenceUrl');
    const narrative = cell('evidenceNarrative');
    const parsed = AwardRequest.safeParse({
      eventId: cell('eventId') ?? '',
      achievementId: cell('achievementId') ?? '',
      recipient: { email: cell('email') ?? '', name: cell('name') ?? '' },
      evidence: url || narrative ? [{ ...(url ? { url } : {}), ...(narrative ? { narrative } : {}) }] : [],
      occurredAt,
    });
    if (parsed.success) return { row: line, award: parsed.data };
    return { row: line, errors: detailsFromZod(parsed.error.issues).map((detail) => ({ path: COLUMN_OF[detail.path] ?? detail.path, message: detail.message })) };
  });
}
