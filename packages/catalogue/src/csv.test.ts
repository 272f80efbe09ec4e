import { describe, expect, it } from 'vitest';
import { CsvError, formatCsv, parseCsv } from './csv.ts';

const fieldsOf = (text: string) => parseCsv(text).map((r) => r.fields);

describe('parseCsv (RFC 4180)', () => {
  it('splits records on CRLF, LF or CR and fields on commas, keeping empty fields', () => {
    expect(fieldsOf('a,b,c\r\n1,,3\n4,5,\r6,7,8')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['4', '5', ''],
      ['6', '7', '8'],
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, numbering records by their first line', () => {
    // Act
    const records = parseCsv('code,name\r\n"1.1","Search, filter"\r\n"1.2","He said ""hi""\r\nand left"\r\n1.3,Last\r\n');

    // Assess
    expect(records).toEqual([
      { line: 1, fields: ['code', 'name'] },
      { line: 2, fields: ['1.1', 'Search, filter'] },
      { line: 3, fields: ['1.2', 'He said "hi"\r\nand left'] },
      { line: 5, fields: ['1.3', 'Last'] },
    ]);
  });

  it('ignores a BOM, a final line break and blank lines', () => {
    expect(fieldsOf('\uFEFFa,b\n\n1,2\n\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fieldsOf('')).toEqual([]);
    // A record that is one empty field is indistinguishable from a blank line.
    expect(fieldsOf('""')).toEqual([]);
    expect(fieldsOf('"",x')).toEqual([['', 'x']]);
  });

  it('keeps spaces, which are part of a field', () => {
    expect(fieldsOf(' a , b ')).toEqual([[' a ', ' b ']]);
  });

  it('names the line of a quote never closed, a stray quote, text after a closing quote', () => {
    expect(() => parseCsv('a,b\n1,"open\n\n')).toThrow(new CsvError(2, 'a quoted field is never closed'));
    expect(() => parseCsv('a,b\n1,2\n3,4"5')).toThrow(/^line 3: a quote inside an unquoted field/);
    expect(() => parseCsv('a,b\n"x"y,2')).toThrow(/^line 2: unexpected "y" after a closing quote/);
  });
});

describe('formatCsv (RFC 4180)', () => {
  it('ends every record with CRLF and quotes only fields holding a comma, a quote or a line break', () => {
    expect(
      formatCsv([
        ['id', 'name'],
        ['a', 'Search, filter'],
        ['b', 'He said "hi"'],
        ['c', 'two\nlines'],
        ['d', ''],
      ]),
    ).toBe('id,name\r\na,"Search, filter"\r\nb,"He said ""hi"""\r\nc,"two\nlines"\r\nd,\r\n');
  });

  it('is read back by parseCsv field for field', () => {
    const records = [
      ['achievementId', 'name', 'received'],
      ['x', ' leading space, "quoted"\r\nand more', '3'],
      ['y', '', '0'],
    ];
    expect(fieldsOf(formatCsv(records))).toEqual(records);
  });
});
