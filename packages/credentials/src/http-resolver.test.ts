import { describe, expect, it } from 'vitest';
import { DocumentResolutionError } from './errors.ts';
import { createHttpDocumentResolver, didWebToUrl, httpFreshnessMs } from './http-resolver.ts';

const DID = 'did:web:badges.uni.edu';
const VM = { id: `${DID}#key-1`, type: 'Multikey', controller: DID, publicKeyMultibase: 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi' };
const DID_DOCUMENT = { '@context': ['https://www.w3.org/ns/did/v1'], id: DID, verificationMethod: [VM], assertionMethod: [VM.id] };

/** A fake fetch that answers from a table and records what was asked. */
function fakeFetch(answer: (url: string) => Response = () => Response.json(DID_DOCUMENT)) {
  const calls: string[] = [];
  const fetch = (async (input: string | URL | Request) => {
    calls.push(String(input));
    return answer(String(input));
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('didWebToUrl', () => {
  it.each([
    ['did:web:badges.uni.edu', 'https://badges.uni.edu/.well-known/did.json'],
    ['did:web:uni.edu:badges:main', 'https://uni.edu/badges/main/did.json'],
    ['did:web:localhost%3A3000', 'http://localhost:3000/.well-known/did.json'],
    ['did:web:127.0.0.1%3A8080:issuer', 'http://127.0.0.1:8080/issuer/did.json'],
    ['did:web:example.com%3A8443', 'https://example.com:8443/.well-known/did.json'],
  ])('%s -> %s', (did, url) => {
    expect(didWebToUrl(did)).toBe(url);
  });
});

describe('createHttpDocumentResolver', () => {
  it('fetches a did:web DID document from its well-known URL', async () => {
    // Prepare
    const { fetch, calls } = fakeFetch();

    // Act
    const document = await createHttpDocumentResolver({ fetch })(DID);

    // Assess
    expect(document).toEqual(DID_DOCUMENT);
    expect(calls).toEqual(['https://badges.uni.edu/.well-known/did.json']);
  });

  it('resolves a DID URL with a fragment to the verification method inside the DID document', async () => {
    // Act
    const document = await createHttpDocumentResolver({ fetch: fakeFetch().fetch })(`${DID}#key-1`);

    // Assess
    expect(document).toEqual(VM);
  });

  it('fails when the fragment names no key in the document', async () => {
    await expect(createHttpDocumentResolver({ fetch: fakeFetch().fetch })(`${DID}#key-9`)).rejects.toThrow(`no verification method "${DID}#key-9"`);
  });

  it('answers a second request for the same document from its cache', async () => {
    // Prepare
    const { fetch, calls } = fakeFetch();
    const resolve = createHttpDocumentResolver({ fetch });

    // Act
    await resolve(DID);
    await resolve(`${DID}#key-1`);

    // Assess
    expect(calls).toHaveLength(1);
  });

  it('fetches again once the cache entry is older than cacheTtlMs', async () => {
    // Prepare
    const { fetch, calls } = fakeFetch();
    let clock = 1_000;
    const resolve = createHttpDocumentResolver({ fetch, cacheTtlMs: 60_000, now: () => clock });
    await resolve(DID);

    // Act
    clock += 60_001;
    await resolve(DID);

    // Assess
    expect(calls).toHaveLength(2);
  });

  describe("freshness: 'http' (status lists: kept for what the publisher's Cache-Control allows)", () => {
    const LIST_URL = 'https://badges.uni.edu/status/1.json';
    const listWith = (headers: Record<string, string>) => () => Response.json({ id: LIST_URL }, { headers });

    it.each([
      ['public, max-age=60', {}, 30_000, 1],
      ['public, max-age=60', { age: '45' }, 14_000, 1],
      ['public, max-age=60', { age: '45' }, 16_000, 2],
      ['public, max-age=600', {}, 59_000, 1],
      ['public, max-age=600', {}, 61_000, 2],
      ['no-store', {}, 1, 2],
      ['no-cache, max-age=60', {}, 1, 2],
      ['', {}, 1, 2],
    ] as const)('Cache-Control "%s" with %o: a second fetch after %d ms makes %d fetch(es)', async (cacheControl, extra, laterMs, fetches) => {
      // Prepare
      const { fetch, calls } = fakeFetch(listWith({ 'cache-control': cacheControl, ...extra }));
      let clock = 1_000;
      const resolve = createHttpDocumentResolver({ fetch, freshness: 'http', cacheTtlMs: 60_000, now: () => clock });
      await resolve(LIST_URL);

      // Act
      clock += laterMs;
      await resolve(LIST_URL);

      // Assess
      expect(calls).toHaveLength(fetches);
    });

    it('fetches again at once after forget (the publisher rewrote the list)', async () => {
      // Prepare
      const { fetch, calls } = fakeFetch(listWith({ 'cache-control': 'public, max-age=60' }));
      const resolve = createHttpDocumentResolver({ fetch, freshness: 'http', cacheTtlMs: 60_000 });
      await resolve(LIST_URL);

      // Act
      resolve.forget(LIST_URL);
      await resolve(LIST_URL);

      // Assess
      expect(calls).toHaveLength(2);
    });

    it('reads max-age less Age, never below zero or above the cap', () => {
      // Assess
      expect(httpFreshnessMs(new Headers({ 'cache-control': 'max-age=60', age: '10' }), 60_000)).toBe(50_000);
      expect(httpFreshnessMs(new Headers({ 'cache-control': 'max-age=60', age: '90' }), 60_000)).toBe(0);
      expect(httpFreshnessMs(new Headers({ 'cache-control': 'Public, MAX-AGE=30' }), 60_000)).toBe(30_000);
      expect(httpFreshnessMs(new Headers({ 'cache-control': 'max-age=abc' }), 60_000)).toBe(0);
    });
  });

  it('fetches a cached document again when it lacks the key asked for (the issuer may have just rotated to it)', async () => {
    // Prepare: the first did.json has key-1 only; the next one adds key-2.
    const VM2 = { ...VM, id: `${DID}#key-2` };
    const documents = [DID_DOCUMENT, { ...DID_DOCUMENT, verificationMethod: [VM, VM2], assertionMethod: [VM.id, VM2.id] }];
    const { fetch, calls } = fakeFetch(() => Response.json(documents.shift()));
    const resolve = createHttpDocumentResolver({ fetch });
    await resolve(`${DID}#key-1`);

    // Act
    const key = await resolve(`${DID}#key-2`);

    // Assess
    expect(key).toEqual(VM2);
    expect(calls).toHaveLength(2);
  });

  it('gives up when the server does not answer within timeoutMs', async () => {
    // Prepare: a server that never answers, only honours the abort signal as real fetch does.
    const fetch = ((_url: string, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))) as typeof globalThis.fetch;

    // Act
    const error = await createHttpDocumentResolver({ fetch, timeoutMs: 5 })(DID).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(DocumentResolutionError);
    expect((error as Error).message).toBe('GET https://badges.uni.edu/.well-known/did.json timed out after 5 ms');
  });

  it('refuses a document larger than maxBytes when its content-length says so', async () => {
    // Prepare
    const { fetch } = fakeFetch(() => new Response('x'.repeat(2048), { headers: { 'content-length': '2048' } }));

    // Act
    const resolving = createHttpDocumentResolver({ fetch, maxBytes: 1024 })(DID);

    // Assess
    await expect(resolving).rejects.toThrow('is larger than 1024 bytes');
  });

  it('refuses a streamed document that grows past maxBytes without a content-length', async () => {
    // Prepare
    const chunk = new TextEncoder().encode('x'.repeat(600));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(chunk);
        controller.enqueue(chunk);
        controller.close();
      },
    });
    const { fetch } = fakeFetch(() => new Response(body));

    // Act
    const resolving = createHttpDocumentResolver({ fetch, maxBytes: 1024 })(DID);

    // Assess
    await expect(resolving).rejects.toThrow('is larger than 1024 bytes');
  });

  it('fetches https key documents as they are', async () => {
    // Prepare
    const { fetch, calls } = fakeFetch(() => Response.json({ id: 'https://issuer.example/keys/1', type: 'Multikey' }));

    // Act
    await createHttpDocumentResolver({ fetch })('https://issuer.example/keys/1');

    // Assess
    expect(calls).toEqual(['https://issuer.example/keys/1']);
  });

  it.each(['http://issuer.example/key', 'did:example:123', 'ftp://issuer.example/key'])('refuses to fetch %s', async (url) => {
    // Prepare
    const { fetch, calls } = fakeFetch();

    // Act
    const resolving = createHttpDocumentResolver({ fetch })(url);

    // Assess
    await expect(resolving).rejects.toThrow(DocumentResolutionError);
    expect(calls).toEqual([]);
  });

  it.each(['did:web:localhost%3A3000', 'http://127.0.0.1:9001/2018-06-01/runtime/invocation/next'])('refuses %s when localhost is not allowed', async (url) => {
    // Prepare
    const { fetch, calls } = fakeFetch();

    // Act
    const resolving = createHttpDocumentResolver({ fetch, allowLocalhost: false })(url);

    // Assess
    await expect(resolving).rejects.toThrow('localhost is not resolved here');
    expect(calls).toEqual([]);
  });

  it('refuses a did:web on localhost by default (on a server, localhost is the server itself)', async () => {
    // Prepare
    const { fetch, calls } = fakeFetch();

    // Act
    const resolving = createHttpDocumentResolver({ fetch })('did:web:localhost%3A3000');

    // Assess
    await expect(resolving).rejects.toThrow('localhost is not resolved here');
    expect(calls).toEqual([]);
  });

  it('fetches a did:web on localhost over plain http when allowed (the command line)', async () => {
    // Prepare
    const { fetch, calls } = fakeFetch();

    // Act
    await createHttpDocumentResolver({ fetch, allowLocalhost: true })('did:web:localhost%3A3000');

    // Assess
    expect(calls).toEqual(['http://localhost:3000/.well-known/did.json']);
  });

  it('fetches its own origin over plain http, and no other local origin (the local stack)', async () => {
    // Prepare
    const { fetch, calls } = fakeFetch();
    const resolve = createHttpDocumentResolver({ fetch, allowOrigins: ['http://localhost:3000'] });

    // Act
    await resolve('did:web:localhost%3A3000');
    const other = resolve('did:web:localhost%3A3001');

    // Assess
    await expect(other).rejects.toThrow('localhost is not resolved here');
    expect(calls).toEqual(['http://localhost:3000/.well-known/did.json']);
  });

  it('fails with the status when the server answers with an error', async () => {
    // Prepare
    const { fetch } = fakeFetch(() => new Response('gone', { status: 404 }));

    // Act
    const resolving = createHttpDocumentResolver({ fetch })(DID);

    // Assess
    await expect(resolving).rejects.toThrow('GET https://badges.uni.edu/.well-known/did.json answered 404');
  });

  it('fails when the document is not JSON', async () => {
    await expect(createHttpDocumentResolver({ fetch: fakeFetch(() => new Response('<html>')).fetch })(DID)).rejects.toThrow('is not JSON');
  });
});
