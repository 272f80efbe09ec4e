// RFC 4180 CSV: records of fields, a field quoted when it holds a comma, a quote or a line break,
// quotes doubled inside. Each record keeps the line it starts on, so errors can name it.
export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

export type CsvRecord = { line: number; fields: string[] };

/** Parses `text` (CRLF, LF or CR line breaks; a leading BOM and a final line break are ignored).
 *  Blank lines are skipped. A quote in an unquoted field, text after a closing quote or a quote
 *  never closed is a CsvError naming its line. */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let recordLine = 1;
  let line = 1;
  let i = 0;
  const endRecord = () => {
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };
  const lineBreakAt = (at: number) => (input[at] === '\r' && input[at + 1] === '\n' ? 2 : input[at] === '\n' || input[at] === '\r' ? 1 : 0);

  while (i <= input.length) {
    // At the start of a field.
    let value = '';
    if (input[i] === '"') {
      const quoteLine = line;
      i++;
      for (;;) {
        if (i >= input.length) throw new CsvError(quoteLine, 'a quoted field is never closed');
        if (input[i] === '"') {
          if (input[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        const breakLength = lineBreakAt(i);
        if (breakLength) line++;
        value += input.slice(i, i + (breakLength || 1));
        i += breakLength || 1;
      }
      if (i < input.length && input[i] !== ',' && !lineBreakAt(i)) throw new CsvError(line, `unexpected ${JSON.stringify(input[i])} after a closing quote`);
    } else {
      while (i < input.length && input[i] !== ',' && !lineBreakAt(i)) {
        if (input[i] === '"') throw new CsvError(line, 'a quote inside an unquoted field (quote the field and double the quote)');
        value += input[i];
        i++;
      }
    }
    fields.push(value);
    if (i >= input.length) {
      endRecord();
      break;
    }
    if (input[i] === ',') {
      i++;
      continue;
    }
    i += lineBreakAt(i);
    line++;
    endRecord();
    recordLine = line;
    if (i >= input.length) break;
  }
  return records;
}

/** Records as RFC 4180 text: CRLF after every record, a field quoted (quotes doubled) only when it
 *  holds a comma, a quote or a line break, so `parseCsv` reads back exactly the same fields. */
export function formatCsv(records: readonly (readonly string[])[]): string {
  const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return records.map((fields) => `${fields.map(field).join(',')}\r\n`).join('');
}
