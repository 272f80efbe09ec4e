// The bulk upload's CSV: only the file as a whole can be refused; each row becomes an award or its
// own errors, named by the column a person would fix.
import { ValidationError } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { readBulkCsv } from './bulk-csv.ts';

const AT = '2026-12-03T10:00:00.000Z';
const HEADER = 'eventId,email,name,achievementId,evidenceUrl,evidenceNarrative';

function refusal(text: string): ValidationError {
  try {
    readBulkCsv(text, AT);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('the file was not refused');
}

describe('readBulkCsv', () => {
  it('reads each row into an award request, its line as its row, the upload time as occurredAt', () => {
    // Act
    const rows = readBulkCsv(`\uFEFF${HEADER}\r\nterm-1,Ada@Example.org,Ada Learner,data-101,https://lms.example.edu/a/1,"Scored 86%, with ""merit"""\r\n`, AT);

    // Assess
    expect(rows).toEqual([
      {
        row: 2,
        award: {
          eventId: 'term-1',
          achievementId: 'data-101',
          recipient: { email: 'ada@example.org', name: 'Ada Learner' },
          evidence: [{ url: 'https://lms.example.edu/a/1', narrative: 'Scored 86%, with "merit"' }],
          occurredAt: AT,
        },
      },
    ]);
  });

  it('takes the columns in any order, evidenceNarrative optional, and no evidence when both are empty', () => {
    // Act
    const [row] = readBulkCsv('name,email,evidenceUrl,achievementId,eventId\nAda,ada@example.org,,data-101,e-1\n', AT);

    // Assess
    expect(row).toMatchObject({ row: 2, award: { eventId: 'e-1', recipient: { name: 'Ada' }, evidence: [] } });
  });

  it('gives a bad row its own errors, named by column, and leaves the other rows alone', () => {
    // Act
    const rows = readBulkCsv(
      [
        HEADER,
        'e-1,not-an-email,Ada,data-101,https://x.example/1,',
        'e-2,b@example.org,,data-101,ftp://x.example/2,',
        'e-3,c@example.org,Cy,data-101',
        'e-4,d@example.org,Di,data-101,,',
      ].join('\n'),
      AT,
    );

    // Assess
    expect(rows.map((r) => ('errors' in r ? r.errors.map((e) => e.path) : 'ok'))).toEqual([['email'], ['name', 'evidenceUrl'], ['line 4'], 'ok']);
  });

  it.each([
    ['a missing column', 'eventId,email,name,evidenceUrl\ne,a@example.org,A,\n', 'achievementId', 'missing from the header'],
    ['an unknown column', `${HEADER},grade\n`, 'grade', 'unknown column'],
    ['a column named twice', `${HEADER},email\n`, 'email', 'named twice'],
    ['a quote never closed', `${HEADER}\n"e-1,a@example.org\n`, 'line 2', 'never closed'],
    ['an empty file', '', 'line 1', 'no header'],
    ['no rows', `${HEADER}\n`, 'line 2', 'no rows'],
  ])('refuses the whole file for %s, naming it', (_what, text, path, message) => {
    // Act
    const error = refusal(text);

    // Assess
    expect(error.status).toBe(400);
    expect(error.details).toContainEqual({ path, message: expect.stringContaining(message) });
  });
});
