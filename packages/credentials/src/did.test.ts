import { describe, expect, it } from 'vitest';
import { didDocument, didWebFromOrigin, ed25519PublicKeyFromMultikey, multikeyFromEd25519PublicKey, verificationMethodId } from './did.ts';
import { testVector } from './test-helpers.ts';

describe('didWebFromOrigin', () => {
  it.each([
    ['http://localhost:3000', 'did:web:localhost%3A3000'],
    ['https://badges.uni.edu', 'did:web:badges.uni.edu'],
    ['https://badges.uni.edu/', 'did:web:badges.uni.edu'],
    ['https://uni.edu/badges/main', 'did:web:uni.edu:badges:main'],
  ])('%s -> %s', (origin, did) => {
    expect(didWebFromOrigin(origin)).toBe(did);
  });
});

describe('multikeyFromEd25519PublicKey', () => {
  it('spells the 1EdTech test key as its published Multikey', () => {
    // Prepare
    const { keyPair } = testVector();

    // Act
    const multikey = multikeyFromEd25519PublicKey(Buffer.from(keyPair.publicKeyHex, 'hex'));

    // Assess
    expect(multikey).toBe(keyPair.publicKeyMultibase);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => multikeyFromEd25519PublicKey(new Uint8Array(31))).toThrow(RangeError);
  });
});

describe('didDocument', () => {
  it('lists each key as a Multikey controlled by the DID, for assertionMethod and authentication', () => {
    // Prepare
    const did = 'did:web:badges.uni.edu';
    const publicKeyMultibase = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';
    const id = verificationMethodId(did, publicKeyMultibase);

    // Act
    const document = didDocument({ did, keys: [{ id, publicKeyMultibase }] });

    // Assess
    expect(document).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [{ id: `${did}#${publicKeyMultibase}`, type: 'Multikey', controller: did, publicKeyMultibase }],
      assertionMethod: [id],
      authentication: [id],
    });
  });
});

describe('didDocument after a key was compromised', () => {
  it('still lists the key as a verification method, but not for assertionMethod or authentication', () => {
    // Prepare
    const did = 'did:web:badges.uni.edu';
    const old = { id: `${did}#z6MkOld`, publicKeyMultibase: 'z6MkOld', compromised: true };
    const current = { id: `${did}#z6MkNew`, publicKeyMultibase: 'z6MkNew' };

    // Act
    const document = didDocument({ did, keys: [old, current] });

    // Assess
    expect(document.verificationMethod.map((vm) => vm.id)).toEqual([old.id, current.id]);
    expect(document.assertionMethod).toEqual([current.id]);
    expect(document.authentication).toEqual([current.id]);
  });
});

describe('ed25519PublicKeyFromMultikey', () => {
  it('reads back the raw key a Multikey was made from', () => {
    // Prepare
    const raw = new Uint8Array(32).map((_, i) => i * 7);

    // Act
    const back = ed25519PublicKeyFromMultikey(multikeyFromEd25519PublicKey(raw));

    // Assess
    expect(back).toEqual(raw);
  });

  it.each([
    ['a secp256k1 Multikey', 'zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme'],
    ['a P-256 Multikey', 'zDnaekGZTbQBerwcehBSXLqAg6s55hVEBms1zFy89VHXtJSa9'],
    ['not base58', 'z6Mk0OIl'],
    ['not multibase base58btc', 'u6Mk'],
  ])('refuses %s', (_, multikey) => {
    expect(ed25519PublicKeyFromMultikey(multikey)).toBeUndefined();
  });
});
