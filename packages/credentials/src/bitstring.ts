// The W3C Bitstring Status List encoding: a bitstring whose first index is its left-most bit,
// GZIP-compressed, base64url-encoded, with the multibase prefix `u`. Never shorter than 16 KB
// (131,072 bits), so that a list does not tell who was revoked by being small.
import { gunzipSync, gzipSync } from 'node:zlib';
import { STATUS_LIST_SIZE } from '@tessera/core';
import { VERIFY_LIMITS } from './limits.ts';

const MULTIBASE_BASE64URL = 'u';

export class Bitstring {
  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array = new Uint8Array(STATUS_LIST_SIZE / 8)) {
    this.bytes = bytes;
  }

  get length(): number {
    return this.bytes.length * 8;
  }

  get(index: number): boolean {
    this.assertIndex(index);
    return (this.bytes[index >> 3]! & (0x80 >> (index & 7))) !== 0;
  }

  set(index: number, value: boolean): void {
    this.assertIndex(index);
    const mask = 0x80 >> (index & 7);
    this.bytes[index >> 3] = value ? this.bytes[index >> 3]! | mask : this.bytes[index >> 3]! & ~mask;
  }

  encode(): string {
    return MULTIBASE_BASE64URL + gzipSync(this.bytes).toString('base64url');
  }

  /** Throws a RangeError saying what is wrong with the encoding. */
  static decode(encodedList: string): Bitstring {
    // The 1EdTech and W3C examples write it with or without the multibase prefix; accept both.
    const base64url = encodedList.startsWith(MULTIBASE_BASE64URL) ? encodedList.slice(1) : encodedList;
    if (!/^[A-Za-z0-9_-]*$/.test(base64url)) throw new RangeError('encodedList is not base64url');
    let bytes: Buffer;
    try {
      // A list comes from whoever the credential names: 200 KB of GZIP can inflate to 190 MB.
      bytes = gunzipSync(Buffer.from(base64url, 'base64url'), { maxOutputLength: VERIFY_LIMITS.maxStatusListBytes });
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new RangeError(`encodedList inflates to more than ${VERIFY_LIMITS.maxStatusListBytes} bytes`, { cause });
      }
      throw new RangeError('encodedList is not GZIP-compressed', { cause });
    }
    return new Bitstring(new Uint8Array(bytes));
  }

  private assertIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) throw new RangeError(`index ${index} is outside the list (0..${this.length - 1})`);
  }
}
