// Test-only helpers (not exported by the package): in-memory Ed25519 signers, the 1EdTech
// test vector and the copied third-party fixtures in test/fixtures/ob3.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Achievement, type RsaSigner, type Signer } from '@tessera/core';
import { buildOpenBadgeCredential, type BuildCredentialInput } from './build.ts';
import { didDocument, multikeyFromEd25519PublicKey, verificationMethodId } from './did.ts';
import { signCredential } from './sign.ts';
import { multikeyFromRsaPublicKey, rsaPublicJwkFromMultikey } from './rsa-key.ts';
import type { ResolveDocument } from './document-loader.ts';
import { DocumentResolutionError } from './errors.ts';

const FIXTURES = new URL('../../../test/fixtures/ob3/', import.meta.url);
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function readFixture<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, FIXTURES), 'utf8')) as T;
}

export type TestVector = {
  keyPair: { id: string; controller: string; publicKeyHex: string; privateKeyHex: string; publicKeyMultibase: string };
  unsignedCredential: Record<string, unknown>;
  proofOptions: { created: string; verificationMethod: string };
  dataToSignHex: string;
  proofValue: string;
};

export const testVector = () => readFixture<TestVector>('signed-eddsa-rdfc-2022-testvector.json');

function signerFor(privateKey: KeyObject): Signer & { publicKeyMultibase: string } {
  const x = privateKey.export({ format: 'jwk' }).x as string;
  const publicKey = new Uint8Array(Buffer.from(x, 'base64url'));
  return {
    keyRef: 'test',
    publicKeyMultibase: multikeyFromEd25519PublicKey(publicKey),
    publicKey: async () => publicKey,
    sign: async (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

/** A Signer over a 32-byte Ed25519 seed given as hex (the test vector's private key starts with it). */
export function signerFromSeedHex(seedHex: string) {
  const seed = Buffer.from(seedHex.slice(0, 64), 'hex');
  return signerFor(createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' }));
}

export function newTestSigner() {
  return signerFor(generateKeyPairSync('ed25519').privateKey);
}

/** An RsaSigner over a fresh node RSA 2048 key (RS256), with its Multikey, JWK and the private key for forging tests. */
export function newTestRsaSigner() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
  const signer: RsaSigner = {
    keyRef: 'test-rsa',
    publicKey: async () => spki.slice(),
    sign: async (message) => new Uint8Array(sign('sha256', message, privateKey)),
  };
  return { signer, privateKey, publicKeyMultibase: multikeyFromRsaPublicKey(spki), publicKeyJwk: rsaPublicJwkFromMultikey(multikeyFromRsaPublicKey(spki))! };
}

/** A resolver that knows only the given documents, by URL without fragment. */
export function resolverFor(documents: Record<string, unknown>): ResolveDocument {
  return async (url) => {
    const document = documents[url.split('#')[0] as string];
    if (!document) throw new DocumentResolutionError(url, `no such document: ${url}`);
    return document as Record<string, unknown>;
  };
}

/** A controller document (not a DID document) listing one Multikey for assertionMethod, as an https issuer would publish. */
export function controllerDocument(controller: string, ...publicKeysMultibase: string[]) {
  return {
    '@context': ['https://w3id.org/security/multikey/v1'],
    id: controller,
    assertionMethod: publicKeysMultibase.map((publicKeyMultibase) => ({ id: `${controller}#${publicKeyMultibase}`, type: 'Multikey', controller, publicKeyMultibase })),
  };
}

// Parsed through the core schema so that defaults the domain adds later fill themselves in.
export const teamwork: Achievement = Achievement.parse({
  id: 'teamwork',
  issuerId: 'uni',
  name: 'Teamwork',
  description: 'Collaborates within a group environment.',
  criteria: { narrative: 'Nominated by peers and recognised on review.' },
  qaPolicy: 'auto',
});

/** What the verifier tests build and sign: Ada's Teamwork badge from did:web:badges.uni.edu with one
 *  piece of evidence, issued 2026-01-01; a test overrides only what it is about. */
export function badgeInput(overrides: Partial<BuildCredentialInput> = {}): BuildCredentialInput {
  return {
    credentialUrl: 'https://badges.uni.edu/credentials/c-1.json',
    issuer: { did: 'did:web:badges.uni.edu', name: 'Uni', url: 'https://uni.edu' },
    achievement: teamwork,
    achievementUrl: 'https://badges.uni.edu/achievements/teamwork',
    recipient: { email: 'ada@example.org', name: 'Ada' },
    salt: 'salt',
    evidence: [{ url: 'https://lms.uni.edu/work/1', name: 'Essay' }],
    issuedAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

/** badgeInput's badge signed with a fresh key of its issuer DID, and the DID document listing that
 *  key (what the issuer's did.json would serve). */
export async function signedTestBadge(overrides: Partial<BuildCredentialInput> = {}, options: { created?: Date } = {}) {
  const input = badgeInput(overrides);
  const signer = newTestSigner();
  const verificationMethod = verificationMethodId(input.issuer.did, signer.publicKeyMultibase);
  const credential = await signCredential(buildOpenBadgeCredential(input), { signer, verificationMethod, created: options.created });
  const didDoc = didDocument({ did: input.issuer.did, keys: [{ id: verificationMethod, publicKeyMultibase: signer.publicKeyMultibase }] });
  return { credential, signer, verificationMethod, didDoc };
}
