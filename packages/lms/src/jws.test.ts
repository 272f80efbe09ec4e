// Which JWKS entries count as signing keys, and what a compact JWS must look like to be read at all.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../../test/support/fake-lms.ts';
import { decodeCompactJws, rsaKeysById } from './jws.ts';

describe('rsaKeysById', () => {
  it('keeps RSA signing keys of 2048 bits or more by kid and skips the rest', () => {
    const good = generateSigningKey('good').publicJwk;
    const small = generateSigningKey('small', 1024).publicJwk;
    const ec = { ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }), kid: 'ec' };
    const keys = rsaKeysById({
      keys: [
        good,
        small,
        ec,
        { ...good, kid: 'enc', use: 'enc' },
        { ...good, kid: 'ps', alg: 'PS256' },
        { ...good, kid: undefined },
        { kty: 'RSA', kid: 'junk', n: '!!', e: 'AQAB' },
      ],
    });
    expect([...keys.keys()]).toEqual(['good']);
  });

  it('reads nothing from an answer that is not a key set', () => {
    expect(rsaKeysById({ message: 'Forbidden' }).size).toBe(0);
    expect(rsaKeysById(null).size).toBe(0);
  });
});

describe('decodeCompactJws', () => {
  it('reads header, payload and signature of a three-part base64url token', () => {
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const jws = decodeCompactJws(`${part({ alg: 'RS256', kid: 'k' })}.${part({ metadata: {} })}.c2ln\n`);
    expect(jws).toMatchObject({ header: { alg: 'RS256', kid: 'k' }, payload: { metadata: {} } });
    expect(jws?.signature.toString()).toBe('sig');
  });

  it('reads JSON, two-part tokens, and parts that are not JSON as no JWS', () => {
    expect(decodeCompactJws('{"metadata":{}}')).toBeUndefined();
    expect(decodeCompactJws('a.b')).toBeUndefined();
    expect(decodeCompactJws('bm90IGpzb24.bm90IGpzb24.c2ln')).toBeUndefined();
  });
});
