// How a batch's rows are cut into chunks: bounded in rows and in bytes, so no stored item nears
// DynamoDB's 400 KB, whatever the rows hold.
import type { BulkInputRow } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { chunkRows } from './bulk.ts';

const row = (n: number, narrative = ''): BulkInputRow => ({
  row: n,
  award: {
    eventId: `e-${n}`,
    achievementId: 'data-101',
    recipient: { email: `p${n}@example.org`, name: `P ${n}` },
    evidence: narrative ? [{ narrative }] : [],
    occurredAt: '2026-12-03T10:00:00.000Z',
  },
});

describe('chunkRows', () => {
  it('cuts short rows into chunks of 250, in order, losing none', () => {
    // Act
    const chunks = chunkRows(Array.from({ length: 601 }, (_, i) => row(i + 2)));

    // Assess
    expect(chunks.map((c) => c.length)).toEqual([250, 250, 101]);
    expect(chunks.flat().map((r) => r.row)).toEqual(Array.from({ length: 601 }, (_, i) => i + 2));
  });

  it('cuts long rows by size: no chunk over about 100 KB of JSON (a 10,000-character narrative each)', () => {
    // Act
    const chunks = chunkRows(Array.from({ length: 100 }, (_, i) => row(i + 2, 'x'.repeat(10_000))));

    // Assess
    const sizes = chunks.map((c) => Buffer.byteLength(JSON.stringify(c)));
    expect(Math.max(...sizes)).toBeLessThan(110_000);
    expect(chunks.flat()).toHaveLength(100);
    expect(chunks.length).toBeGreaterThanOrEqual(10);
  });
});
