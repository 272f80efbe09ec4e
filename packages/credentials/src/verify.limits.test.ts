// One unauthenticated POST /verify must not exhaust the verifier: status entries, resolutions,
// bytes and time are capped per verification, a status list's inflated size is capped, and the
// resolver's cache holds successes only, bounded by bytes.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Bitstring } from './bitstring.ts';
import type { ResolveDocument } from './document-loader.ts';
import { createHttpDocumentResolver } from './http-resolver.ts';
import { VERIFY_LIMITS, createStatusListSignatureCache } from './limits.ts';
import { signCredential } from './sign.ts';
import { buildStatusListCredential, statusListEntry } from './status-list.ts';
import { resolverFor, signedTestBadge } from './test-helpers.ts';
import { verifyCredential, type VerificationResult } from './verify.ts';

const DID = 'did:web:badges.uni.edu';
const NOW = new Date('2026-06-01T00:00:00Z');
const status = (result: VerificationResult) => result.checks.find((c) => c.name === 'status')!;
const listUrl = (n: number) => `https://badges.uni.edu/status/uni/revocation/${n}.json`;

/** Our badge carrying `entries` revocation entries, list n for entry n (or one list for all). */
async function badgeWithEntries(entries: number, { sameList = false } = {}) {
  const { credential, signer, verificationMethod, didDoc } = await signedTestBadge({
    credentialUrl: 'https://badges.uni.edu/credentials/c-9.json',
    evidence: [],
    credentialStatus: Array.from({ length: entries }, (_, n) => statusListEntry({ listUrl: listUrl(sameList ? 0 : n), purpose: 'revocation', index: n })),
  });
  const list = await signCredential(
    buildStatusListCredential({ listUrl: listUrl(0), issuerDid: DID, purpose: 'revocation', encodedList: new Bitstring().encode(), validFrom: new Date('2026-01-01T00:00:00Z') }),
    { signer, verificationMethod },
  );
  return { credential, resolveDocument: resolverFor({ [DID]: didDoc }), list };
}

/** A status-list resolver that records each URL asked for. */
function recording(answer: ResolveDocument) {
  const calls: string[] = [];
  const resolve: ResolveDocument = async (url, context) => {
    calls.push(url);
    return answer(url, context);
  };
  return { resolve, calls };
}

describe('verifyCredential: resource limits', () => {
  it('refuses to check more status entries than maxStatusEntries, fetching none of them', async () => {
    // Prepare
    const { credential, resolveDocument, list } = await badgeWithEntries(VERIFY_LIMITS.maxStatusEntries + 1, { sameList: true });
    const lists = recording(async () => list);

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument, resolveStatusList: lists.resolve });

    // Assess
    expect(status(result)).toEqual({
      name: 'status',
      ok: false,
      message: `the credential has ${VERIFY_LIMITS.maxStatusEntries + 1} credentialStatus entries; at most ${VERIFY_LIMITS.maxStatusEntries} are checked`,
    });
    expect(lists.calls).toEqual([]);
  });

  it('fetches a list named by several entries once per verification', async () => {
    // Prepare
    const { credential, resolveDocument, list } = await badgeWithEntries(3, { sameList: true });
    const lists = recording(async () => list);

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument, resolveStatusList: lists.resolve });

    // Assess
    expect(status(result).ok).toBe(true);
    expect(lists.calls).toEqual([listUrl(0)]);
  });

  it('stops resolving once maxResolutions documents were asked for, and says so', async () => {
    // Prepare: 4 different lists, a budget of 3 resolutions (the DID document takes one).
    const { credential, resolveDocument, list } = await badgeWithEntries(4);
    const lists = recording(async () => list);

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument, resolveStatusList: lists.resolve, limits: { maxResolutions: 3 } });

    // Assess
    expect(lists.calls).toHaveLength(2);
    expect(status(result).ok).toBe(false);
    expect(status(result).message).toContain(`cannot check the revocation status: refusing to resolve ${listUrl(2)}: this verification already resolved 3 documents (the limit)`);
  });

  it('answers within its time budget when the status lists never answer', async () => {
    // Prepare: lists that hang until the verification's signal aborts them.
    const { credential, resolveDocument } = await badgeWithEntries(3);
    const hanging: ResolveDocument = (url, context) => new Promise((_, reject) => context?.signal?.addEventListener('abort', () => reject(new Error(`${url} aborted`))));
    const started = Date.now();

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument, resolveStatusList: hanging, limits: { verificationBudgetMs: 300 } });

    // Assess
    expect(Date.now() - started).toBeLessThan(2000);
    expect(status(result).ok).toBe(false);
    expect(status(result).message).toContain('the verification ran out of its 300 ms time budget');
  });

  it('caps the bytes fetched per verification across documents', async () => {
    // Prepare: each list is 100 KB of JSON; the budget is 250 KB.
    const { credential, resolveDocument } = await badgeWithEntries(4);
    const padded = JSON.stringify({ type: ['VerifiableCredential', 'BitstringStatusListCredential'], padding: 'x'.repeat(100_000) });
    let fetched = 0;
    const fetch = (async () => (fetched++, new Response(padded))) as typeof globalThis.fetch;
    const resolveStatusList = createHttpDocumentResolver({ fetch, cacheTtlMs: 0 });

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument, resolveStatusList, limits: { maxBytesPerVerification: 250_000 } });

    // Assess
    expect(fetched).toBe(3);
    expect(status(result).message).toContain('this verification already fetched more than 250000 bytes (the limit)');
  });
});

describe('Bitstring.decode: inflated size', () => {
  it(`refuses a list that inflates past ${VERIFY_LIMITS.maxStatusListBytes} bytes, without inflating it all`, () => {
    // Prepare: 64 MB of zeros compress to ~64 KB.
    const bomb = `u${gzipSync(Buffer.alloc(64 * 1024 * 1024)).toString('base64url')}`;
    const started = Date.now();

    // Act + Assess
    expect(() => Bitstring.decode(bomb)).toThrow(`encodedList inflates to more than ${VERIFY_LIMITS.maxStatusListBytes} bytes`);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('still reads a list of the spec minimum size', () => {
    const bits = new Bitstring();
    bits.set(7, true);
    expect(Bitstring.decode(bits.encode()).get(7)).toBe(true);
  });
});

describe('createStatusListSignatureCache', () => {
  it('remembers a verified list until its TTL has passed, by the clock it is given', () => {
    // Prepare
    const cache = createStatusListSignatureCache({ ttlMs: 1000, maxEntries: 2 });
    const at = new Date('2026-06-01T00:00:00Z');
    cache.remember('list-a', at);

    // Act + Assess
    expect(cache.has('list-a', new Date(at.getTime() + 999))).toBe(true);
    expect(cache.has('list-a', new Date(at.getTime() + 1000))).toBe(false);
  });

  it('forgets the oldest entry past maxEntries', () => {
    const cache = createStatusListSignatureCache({ ttlMs: 1000, maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) cache.remember(key, NOW);
    expect(['a', 'b', 'c'].map((key) => cache.has(key, NOW))).toEqual([false, true, true]);
  });
});

describe('createHttpDocumentResolver: cache', () => {
  const DOC = (n: number) => JSON.stringify({ id: `https://issuer.example/keys/${n}`, padding: 'x'.repeat(400) });

  it('keeps documents up to cacheMaxBytes, evicting the oldest', async () => {
    // Prepare
    const calls: string[] = [];
    const fetch = (async (url: string) => (calls.push(url), new Response(DOC(calls.length)))) as typeof globalThis.fetch;
    const resolve = createHttpDocumentResolver({ fetch, cacheMaxBytes: 1000 });

    // Act: three ~450-byte documents in a 1000-byte cache, then the first again.
    for (const n of [1, 2, 3, 1]) await resolve(`https://issuer.example/keys/${n}`);

    // Assess
    expect(calls).toEqual([1, 2, 3, 1].map((n) => `https://issuer.example/keys/${n}`));
    expect(resolve.cacheStats().bytes).toBeLessThanOrEqual(1000);
  });

  it('keeps nothing when cacheTtlMs is 0 (status lists), and no failures', async () => {
    // Prepare
    const fetch = (async (url: string) => (url.endsWith('bad') ? new Response('not json') : new Response(DOC(1)))) as typeof globalThis.fetch;
    const lists = createHttpDocumentResolver({ fetch, cacheTtlMs: 0 });
    const documents = createHttpDocumentResolver({ fetch });

    // Act
    await lists('https://issuer.example/list');
    await documents('https://issuer.example/bad').catch(() => undefined);

    // Assess
    expect(lists.cacheStats()).toEqual({ entries: 0, bytes: 0 });
    expect(documents.cacheStats()).toEqual({ entries: 0, bytes: 0 });
  });

  it(`bounds the default cache by ${VERIFY_LIMITS.resolverCacheBytes} bytes`, async () => {
    // Prepare: 300 different 200 KB documents, as one abusive credential could name.
    const big = JSON.stringify({ padding: 'x'.repeat(200_000) });
    const fetch = (async () => new Response(big)) as typeof globalThis.fetch;
    const resolve = createHttpDocumentResolver({ fetch });

    // Act
    for (let n = 0; n < 300; n++) await resolve(`https://issuer.example/doc/${n}`);

    // Assess
    expect(resolve.cacheStats().bytes).toBeLessThanOrEqual(VERIFY_LIMITS.resolverCacheBytes);
  });
});
