// Server-side request forgery guard for the verifier's fetches: a credential names the URLs we
// fetch, so every address we connect to is checked first. The check runs inside the socket's own
// DNS lookup, so the address checked is the address connected (no gap for DNS rebinding).
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { DocumentResolutionError } from './errors.ts';

export type ResolvedAddress = { address: string; family: number };
/** Every address a name resolves to (dns.lookup with all: true); injectable for tests. */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>;

const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Loopback, unspecified, private, shared (CGNAT), link-local (cloud metadata at 169.254.169.254,
 *  fd00:ec2::254), unique-local, documentation, benchmarking, multicast and reserved ranges, IPv4
 *  and IPv6. IPv4-mapped IPv6 addresses are checked as the IPv4 address they carry. */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const familyOf = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

export function isPublicAddress(address: string): boolean {
  if (!isIP(address)) return false;
  return !NOT_PUBLIC.check(address, familyOf(address));
}

export function isLoopbackAddress(address: string): boolean {
  return isIP(address) !== 0 && LOOPBACK.check(address, familyOf(address));
}

export type GuardedFetchOptions = {
  lookup?: Lookup;
  /** Loopback addresses may be reached (the command line, on a person's own machine). @default false */
  allowLoopback?: boolean;
  /** Origins (scheme://host:port) reached whatever their address: the local stack's own origin. */
  allowOrigins?: readonly string[];
};

/** A GET-only `fetch` over node:http(s) that refuses to connect to an address that is not public.
 *  Redirects are not followed (a 3xx is an answer like any other). */
export function createGuardedFetch({ lookup = systemLookup, allowLoopback = false, allowOrigins = [] }: GuardedFetchOptions = {}): typeof globalThis.fetch {
  return ((input: string | URL, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const trusted = allowOrigins.includes(url.origin);
      const permitted = (address: string) => trusted || isPublicAddress(address) || (allowLoopback && isLoopbackAddress(address));
      const refused = (address: string) => new DocumentResolutionError(url.href, `refusing to fetch ${url.href}: ${url.hostname} is ${address}, not a public address`);
      const literal = url.hostname.replace(/^\[(.*)\]$/, '$1');
      if (isIP(literal) && !permitted(literal)) return reject(refused(literal));

      const guardedLookup = ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
        lookup(hostname).then(
          (addresses) => {
            if (addresses.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }));
            // One bad answer refuses the name: a mixed answer is how rebinding attacks start.
            const bad = addresses.find((a) => !permitted(a.address));
            if (bad) return callback(refused(bad.address));
            if (options.all) return callback(null, addresses);
            return callback(null, addresses[0]!.address, addresses[0]!.family);
          },
          (error: unknown) => callback(error),
        );
      }) as unknown as LookupFunction;

      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
        url,
        { method: 'GET', headers: init.headers as Record<string, string> | undefined, signal: init.signal ?? undefined, lookup: guardedLookup },
        (response) => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          const status = response.statusCode ?? 502;
          const bodyless = [204, 205, 304].includes(status);
          if (bodyless) response.resume();
          try {
            resolve(new Response(bodyless ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>), { status, headers }));
          } catch (error) {
            response.destroy();
            reject(error);
          }
        },
      );
      request.once('error', (error) => reject(init.signal?.aborted ? init.signal.reason : error));
      request.end();
    })) as typeof globalThis.fetch;
}
