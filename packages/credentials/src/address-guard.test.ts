// The verifier connects only to public addresses: names are resolved first (here by a fake
// resolver) and the answer checked; no test sends traffic off the loopback interface.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch, isPublicAddress, type Lookup } from './address-guard.ts';
import { createHttpDocumentResolver } from './http-resolver.ts';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.0.0.2',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '::1',
    '::',
    'fd00:ec2::254',
    'fc00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a00:1',
    '224.0.0.1',
    '255.255.255.255',
    'localhost',
    'not-an-address',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:93.184.216.34'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe("the verifier's fetch", () => {
  let server: Server;
  let port: number;
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(`${req.headers.host}${req.url}`);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"id":"did:web:example"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** A fake DNS: every name answers with these addresses. */
  const answering =
    (...addresses: string[]): Lookup =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it.each([
    ['a name that resolves to loopback', 'https://issuer.example/did.json', ['127.0.0.1']],
    ['a name that resolves to a private address', 'https://issuer.example/did.json', ['10.0.0.7']],
    ['a name that resolves to cloud metadata', 'https://issuer.example/did.json', ['169.254.169.254']],
    ['a name with one public and one unique-local answer', 'https://issuer.example/did.json', ['93.184.216.34', 'fd12::1']],
    ['an IPv4-mapped loopback answer', 'https://issuer.example/did.json', ['::ffff:127.0.0.1']],
    ['"localhost." (trailing dot)', 'https://localhost./did.json', ['127.0.0.1']],
  ])('refuses %s, before connecting', async (_, url, addresses) => {
    // Prepare
    const resolve = createHttpDocumentResolver({ lookup: answering(...addresses) });

    // Act
    const resolving = resolve(url);

    // Assess
    await expect(resolving).rejects.toThrow(/not a public address/);
  });

  it.each(['https://127.0.0.2/did.json', 'https://[::1]/did.json', 'https://[::ffff:7f00:1]/did.json', 'https://10.0.0.1/did.json', 'https://169.254.169.254/latest/meta-data'])(
    'refuses the address literal %s without asking DNS',
    async (url) => {
      // Prepare
      const asked: string[] = [];
      const lookup: Lookup = async (name) => (asked.push(name), []);

      // Act
      const resolving = createHttpDocumentResolver({ lookup })(url);

      // Assess
      await expect(resolving).rejects.toThrow(/not a public address/);
      expect(asked).toEqual([]);
    },
  );

  it('connects to the address it checked: a name answered with loopback reaches nothing', async () => {
    // Prepare: a rebinding-style name pointing at our local server.
    requests.length = 0;
    const fetch = createGuardedFetch({ lookup: answering('127.0.0.1') });

    // Act
    const fetching = fetch(`http://rebind.example:${port}/did.json`);

    // Assess
    await expect(fetching).rejects.toThrow(/rebind\.example is 127\.0\.0\.1, not a public address/);
    expect(requests).toEqual([]);
  });

  it("reaches an allowed origin on loopback (the local stack's own), and only that one", async () => {
    // Prepare
    requests.length = 0;
    const resolve = createHttpDocumentResolver({ allowOrigins: [`http://localhost:${port}`] });

    // Act
    const document = await resolve(`did:web:localhost%3A${port}`);
    const elsewhere = resolve(`https://127.0.0.1:${port}/did.json`);

    // Assess
    expect(document).toEqual({ id: 'did:web:example' });
    expect(requests).toEqual([`localhost:${port}/.well-known/did.json`]);
    await expect(elsewhere).rejects.toThrow(/localhost is not resolved here/);
  });

  it('reaches loopback when allowLocalhost is on (the command line), still refusing private addresses', async () => {
    // Prepare
    const resolve = createHttpDocumentResolver({ allowLocalhost: true, lookup: answering('192.168.0.10') });

    // Act + Assess
    expect(await resolve(`http://127.0.0.1:${port}/did.json`)).toEqual({ id: 'did:web:example' });
    await expect(resolve('https://printer.lan/did.json')).rejects.toThrow(/192\.168\.0\.10, not a public address/);
  });
});
