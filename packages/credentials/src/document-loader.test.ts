import { describe, expect, it } from 'vitest';
import { createDocumentLoader } from './document-loader.ts';
import { DocumentResolutionError } from './errors.ts';

const TEST_KEY = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';

describe('createDocumentLoader', () => {
  it.each([
    'https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    'https://www.w3.org/ns/did/v1',
    'https://w3id.org/security/multikey/v1',
    'https://w3id.org/security/data-integrity/v2',
  ])('serves the bundled context %s without asking the resolver', async (url) => {
    // Prepare
    const asked: string[] = [];
    const load = createDocumentLoader({ resolveDocument: async (u) => (asked.push(u), {}) });

    // Act
    const { document } = await load(url);

    // Assess
    expect(document).toHaveProperty('@context');
    expect(asked).toEqual([]);
  });

  it('resolves a did:key verification method locally to its Multikey', async () => {
    // Act
    const { document } = await createDocumentLoader()(`did:key:${TEST_KEY}#${TEST_KEY}`);

    // Assess
    expect(document).toEqual({
      id: `did:key:${TEST_KEY}#${TEST_KEY}`,
      type: 'Multikey',
      controller: `did:key:${TEST_KEY}`,
      publicKeyMultibase: TEST_KEY,
    });
  });

  it('refuses a did:key that is not an Ed25519 key', async () => {
    await expect(createDocumentLoader()('did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme')).rejects.toThrow(DocumentResolutionError);
  });

  it('picks the verification method named by the fragment out of the resolved DID document', async () => {
    // Prepare
    const did = 'did:web:badges.uni.edu';
    const vm = { id: `${did}#k1`, type: 'Multikey', controller: did, publicKeyMultibase: TEST_KEY };
    const load = createDocumentLoader({ resolveDocument: async () => ({ id: did, verificationMethod: [vm], assertionMethod: [vm.id] }) });

    // Act
    const { document } = await load(`${did}#k1`);

    // Assess
    expect(document).toEqual(vm);
  });

  it('fails with the URL named when no resolver is given for a did:web', async () => {
    // Act
    const loading = createDocumentLoader()('did:web:badges.uni.edu');

    // Assess
    await expect(loading).rejects.toThrow('cannot resolve "did:web:badges.uni.edu"');
  });

  it('wraps a resolver failure in a DocumentResolutionError that keeps the cause', async () => {
    // Prepare
    const failure = new Error('boom');
    const load = createDocumentLoader({ resolveDocument: async () => Promise.reject(failure) });

    // Act
    const error = await load('https://issuer.example/key').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(DocumentResolutionError);
    expect((error as Error).cause).toBe(failure);
  });
});
