// Who is calling, as a per-client rate limit should count it. On AWS every request reaches API
// Gateway from a CloudFront edge, so the connecting address (sourceIp) is the edge's, shared by
// every viewer behind it; CloudFront tells the viewer's own address in CloudFront-Viewer-Address.
// That header is believed only where it can only have come from CloudFront (docs/SECURITY.md).
import { isIP } from 'node:net';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER, type Config } from '@tessera/core';
import { header, type HttpRequest } from './http.ts';

/** The client a request is counted against: an IPv4 address, or an IPv6 /64 (`2001:db8:0:1::/64`).
 *  With `cloudfront`, the viewer address CloudFront forwards, on requests that carry the
 *  origin-verify header (which the API's WAF requires with its secret value, so on AWS no request
 *  reaches a function without having passed through CloudFront, which sets both headers itself).
 *  Otherwise, or when that header is missing or unreadable, the address that connected. Locally
 *  (`connection`) both headers are ignored: anyone can write them there. */
export function clientOf(event: HttpRequest, from: Config['clientAddress']): string {
  if (from === 'cloudfront' && header(event, ORIGIN_VERIFY_HEADER) !== undefined) {
    const viewer = viewerAddressOf(header(event, VIEWER_ADDRESS_HEADER) ?? '');
    if (viewer !== undefined) return clientKeyOf(viewer);
  }
  const connected = event.requestContext?.identity?.sourceIp;
  return connected && isIP(withoutZone(connected)) ? clientKeyOf(connected) : 'unknown';
}

/** The address in a CloudFront-Viewer-Address value: `address:port`, where an IPv6 address comes
 *  without brackets (the port is after the last colon) or, accepted too, as `[address]:port`.
 *  Anything else is undefined. */
export function viewerAddressOf(value: string): string | undefined {
  const text = value.trim();
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text);
  const plain = /^(.+):(\d{1,5})$/.exec(text);
  const address = bracketed ? bracketed[1]! : plain?.[1];
  if (address === undefined) return undefined;
  return isIP(address) === 6 || (isIP(address) === 4 && !bracketed) ? address : undefined;
}

/** One bucket per IPv4 address, and per IPv6 /64: a single subscriber usually holds a whole /64, so
 *  keying by the full address would give one caller 2^64 buckets. An IPv4-mapped IPv6 address
 *  (`::ffff:192.0.2.1`, what a dual-stack socket reports) is its IPv4 address. */
export function clientKeyOf(address: string): string {
  const bare = withoutZone(address);
  if (isIP(bare) === 4) return bare;
  const groups = ipv6Groups(bare);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

const withoutZone = (address: string) => address.replace(/%.*$/, '');

/** The eight 16-bit groups of an IPv6 address that isIP has accepted (`::` expanded, a trailing
 *  dotted IPv4 part turned into two groups). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const split = (part: string) => (part === '' ? [] : part.split(':'));
  const fill = tail === undefined ? [] : Array<string>(8 - split(head).length - split(tail).length).fill('0');
  return [...split(head), ...fill, ...split(tail ?? '')].map((g) => parseInt(g, 16));
}
