import { gunzipSync } from 'node:zlib';
import { STATUS_LIST_SIZE } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { Bitstring } from './bitstring.ts';
import { readFixture } from './test-helpers.ts';

describe('Bitstring', () => {
  it('encodes 16 KB of zeros as multibase base64url GZIP', () => {
    // Act
    const encoded = new Bitstring().encode();

    // Assess
    expect(encoded.startsWith('u')).toBe(true);
    expect(gunzipSync(Buffer.from(encoded.slice(1), 'base64url'))).toEqual(Buffer.alloc(STATUS_LIST_SIZE / 8));
  });

  it('puts index 0 at the left-most bit of the first byte', () => {
    // Prepare
    const bits = new Bitstring();

    // Act
    bits.set(0, true);
    bits.set(9, true);

    // Assess
    expect([...bits.bytes.slice(0, 2)]).toEqual([0b1000_0000, 0b0100_0000]);
  });

  it('round-trips through encode/decode, and clears a bit', () => {
    // Prepare
    const bits = new Bitstring();
    bits.set(42, true);
    bits.set(131_071, true);
    bits.set(42, false);

    // Act
    const decoded = Bitstring.decode(bits.encode());

    // Assess
    expect([decoded.get(42), decoded.get(131_071), decoded.length]).toEqual([false, true, STATUS_LIST_SIZE]);
  });

  it('reads bit 23 of the 1EdTech test list as set, and its neighbours as clear', () => {
    // Prepare
    const list = readFixture<{ credentialSubject: { encodedList: string } }>('1edtech-validator/bsl-status-list-credential.json');

    // Act
    const bits = Bitstring.decode(list.credentialSubject.encodedList);

    // Assess
    expect([bits.get(22), bits.get(23), bits.get(24)]).toEqual([false, true, false]);
  });

  it('refuses an index outside the list and an encoding that is not GZIP', () => {
    expect(() => new Bitstring().set(STATUS_LIST_SIZE, true)).toThrow(RangeError);
    expect(() => Bitstring.decode('uAAAA')).toThrow('not GZIP-compressed');
  });
});
