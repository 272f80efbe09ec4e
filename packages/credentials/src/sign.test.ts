import { IssuanceError } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { signCredential } from './sign.ts';
import { signerFromSeedHex, testVector } from './test-helpers.ts';

describe('signCredential', () => {
  it('reproduces the 1EdTech eddsa-rdfc-2022 test vector proofValue byte for byte', async () => {
    // Prepare
    const vector = testVector();
    const signer = signerFromSeedHex(vector.keyPair.privateKeyHex);

    // Act
    const signed = await signCredential(vector.unsignedCredential, {
      signer,
      verificationMethod: vector.proofOptions.verificationMethod,
      created: new Date(vector.proofOptions.created),
    });

    // Assess
    expect(signed.proof[0]?.proofValue).toBe(vector.proofValue);
  });

  it('hands the signer exactly the 64 bytes KMS signs: hash of proof options then hash of document', async () => {
    // Prepare
    const vector = testVector();
    const inner = signerFromSeedHex(vector.keyPair.privateKeyHex);
    const seen: string[] = [];
    const signer = { ...inner, sign: (m: Uint8Array) => (seen.push(Buffer.from(m).toString('hex')), inner.sign(m)) };

    // Act
    await signCredential(vector.unsignedCredential, {
      signer,
      verificationMethod: vector.proofOptions.verificationMethod,
      created: new Date(vector.proofOptions.created),
    });

    // Assess
    expect(seen).toEqual([vector.dataToSignHex]);
  });

  it('writes the proof as an array holding one eddsa-rdfc-2022 DataIntegrityProof for assertionMethod', async () => {
    // Prepare
    const vector = testVector();

    // Act
    const signed = await signCredential(vector.unsignedCredential, {
      signer: signerFromSeedHex(vector.keyPair.privateKeyHex),
      verificationMethod: vector.proofOptions.verificationMethod,
      created: new Date('2024-05-06T07:08:09.123Z'),
    });

    // Assess
    expect(signed.proof).toEqual([
      {
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-rdfc-2022',
        created: '2024-05-06T07:08:09Z',
        verificationMethod: vector.proofOptions.verificationMethod,
        proofPurpose: 'assertionMethod',
        proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]+$/),
      },
    ]);
  });

  it('leaves the unsigned credential untouched', async () => {
    // Prepare
    const vector = testVector();
    const before = structuredClone(vector.unsignedCredential);

    // Act
    await signCredential(vector.unsignedCredential, {
      signer: signerFromSeedHex(vector.keyPair.privateKeyHex),
      verificationMethod: vector.proofOptions.verificationMethod,
    });

    // Assess
    expect(vector.unsignedCredential).toEqual(before);
  });

  it('fails with an IssuanceError rather than fetch a context it does not bundle', async () => {
    // Prepare
    const vector = testVector();
    const credential = { ...vector.unsignedCredential, '@context': ['https://www.w3.org/ns/credentials/v2', 'https://contexts.example/extra.json'] };

    // Act
    const error = await signCredential(credential, {
      signer: signerFromSeedHex(vector.keyPair.privateKeyHex),
      verificationMethod: vector.proofOptions.verificationMethod,
    }).catch((e: unknown) => e);

    // Assess: jsonld asked our loader, which refused (its network loader would have tried and failed otherwise).
    expect(error).toBeInstanceOf(IssuanceError);
    const loaderError = ((error as Error).cause as { details?: { cause?: Error } }).details?.cause;
    expect(loaderError?.message).toMatch(/^cannot resolve "https:\/\/contexts.example\/extra.json": it is not a bundled context/);
  });
});
