import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { didDocument } from './did.ts';
import { multikeyFromRsaPublicKey, rsaJwkThumbprint, rsaPublicJwkFromMultikey } from './rsa-key.ts';

const rsaSpki = () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { publicKey, spki: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })) };
};

describe('RSA key spellings', () => {
  it('spells an RSA 2048 key as a z4MX… Multikey (as did:key does) and gets its JWK back from it', () => {
    // Prepare
    const { publicKey, spki } = rsaSpki();

    // Act
    const multikey = multikeyFromRsaPublicKey(spki);
    const jwk = rsaPublicJwkFromMultikey(multikey);

    // Assess
    expect(multikey).toMatch(/^z4MX/);
    expect(jwk).toEqual({ kty: 'RSA', n: publicKey.export({ format: 'jwk' }).n, e: 'AQAB' });
    expect(createPublicKey({ key: jwk!, format: 'jwk' }).export({ format: 'der', type: 'spki' })).toEqual(Buffer.from(spki));
  });

  it('is no RSA JWK for an Ed25519 Multikey, and refuses to spell a non-RSA key', () => {
    const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' });
    expect(rsaPublicJwkFromMultikey('z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi')).toBeUndefined();
    expect(() => multikeyFromRsaPublicKey(new Uint8Array(ed))).toThrow(RangeError);
  });

  it('lists the RSA key in the DID document as a JsonWebKey2020 with its JWK and the JWS 2020 context', async () => {
    // Prepare
    const did = 'did:web:badges.uni.edu';
    const multikey = multikeyFromRsaPublicKey(rsaSpki().spki);
    const publicKeyJwk = rsaPublicJwkFromMultikey(multikey)!;
    const id = `${did}#${await rsaJwkThumbprint(publicKeyJwk)}`;

    // Act
    const document = didDocument({ did, keys: [{ id, publicKeyMultibase: multikey, publicKeyJwk }] });

    // Assess
    expect(document['@context']).toEqual(['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1', 'https://w3id.org/security/suites/jws-2020/v1']);
    expect(document.verificationMethod).toEqual([{ id, type: 'JsonWebKey2020', controller: did, publicKeyJwk }]);
    expect(document.assertionMethod).toEqual([id]);
    expect(id).toMatch(/^did:web:badges\.uni\.edu#[A-Za-z0-9_-]{43}$/);
  });
});
