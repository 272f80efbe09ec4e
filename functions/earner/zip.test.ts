import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedZip } from './zip.ts';

const hasUnzip = (() => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Reads the archive back through its central directory, as an unzip tool does. */
function readZip(zip: Buffer): Map<string, string> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const localNameLength = zip.readUInt16LE(local + 26);
    files.set(name, zip.subarray(local + 30 + localNameLength, local + 30 + localNameLength + size).toString('utf8'));
    at += 46 + nameLength;
  }
  return files;
}

describe('storedZip', () => {
  const entries = [
    { name: 'data-literacy-1.json', data: Buffer.from('{"a":1}'), modified: new Date('2026-12-03T10:00:00Z') },
    { name: 'café.json', data: Buffer.from('{"é":"ü"}'), modified: new Date('2026-12-03T10:00:00Z') },
  ];

  it('holds each file, byte for byte, under its name', () => {
    const files = readZip(storedZip(entries));
    expect([...files.entries()]).toEqual([
      ['data-literacy-1.json', '{"a":1}'],
      ['café.json', '{"é":"ü"}'],
    ]);
  });

  it.runIf(hasUnzip)('passes unzip -t (CRCs and sizes right)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'zip-')), 'all.zip');
    writeFileSync(file, storedZip(entries));
    expect(execFileSync('unzip', ['-t', file]).toString()).toContain('No errors detected');
  });
});
