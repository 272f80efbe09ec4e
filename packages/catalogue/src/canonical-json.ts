// JSON Canonicalization Scheme (RFC 8785): one byte sequence per JSON value, so a hash over it
// means the same thing in any process and any later version of this code.
export class CanonicalJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalJsonError';
  }
}

/** RFC 8785 §3.2: sorted member names (by UTF-16 code units), ECMAScript number and string
 *  serialization, no whitespace. Only I-JSON values: no NaN/Infinity, no lone surrogates. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} is not a JSON number`);
    // ECMAScript's Number-to-String is exactly what §3.2.2.3 prescribes; -0 serializes as 0.
    return JSON.stringify(value);
  }
  if (typeof value === 'string') {
    if (/\p{Surrogate}/u.test(value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
      throw new CanonicalJsonError('a string holds a lone surrogate, which I-JSON forbids');
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    // Members whose value is undefined are absent, as in JSON.stringify.
    const members = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    // The default sort compares UTF-16 code units, which is the order §3.2.3 requires.
    members.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${members.map(([k, v]) => `${canonicalJson(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new CanonicalJsonError(`a ${typeof value} is not JSON`);
}
