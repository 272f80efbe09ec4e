// The headers that carry facts from the CloudFront edge to the API functions, named once: infra
// configures CloudFront to send them, the functions read them.

/** CloudFront adds it, with a secret value, to every request it forwards to the API; the API's
 *  regional WAF refuses (403) any request without that value, before a function runs. A viewer's
 *  own header of this name is overwritten by CloudFront. */
export const ORIGIN_VERIFY_HEADER = 'x-tessera-origin-verify';

/** CloudFront sets it to the address and source port the viewer connected from
 *  (`198.51.100.10:46532`, IPv6 without brackets: `2001:db8::1:46532`), when the behaviour's
 *  origin request policy names it. The API's own source address is CloudFront's edge. */
export const VIEWER_ADDRESS_HEADER = 'CloudFront-Viewer-Address';
