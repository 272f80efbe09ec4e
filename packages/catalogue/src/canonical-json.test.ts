import { describe, expect, it } from 'vitest';
import { canonicalJson, CanonicalJsonError } from './canonical-json.ts';

describe('canonicalJson (RFC 8785)', () => {
  it('reproduces the RFC 8785 §3.2.2 example byte for byte', () => {
    // Prepare: the RFC's input, parsed as any JSON parser would
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );

    // Act
    const canonical = canonicalJson(input);

    // Assess
    expect(canonical).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('sorts member names by UTF-16 code units as RFC 8785 §3.2.3 shows', () => {
    // Prepare
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };

    // Act
    const names = Object.keys(JSON.parse(canonicalJson(input)) as object);
    const order = [...canonicalJson(input).matchAll(/"([^"]*)":"([^"]*)"/g)].map((m) => m[2]);

    // Assess
    expect(names).toHaveLength(7);
    expect(order).toEqual(['Carriage Return', 'One', 'Control', 'Latin Small Letter O With Diaeresis', 'Euro Sign', 'Emoji: Grinning Face', 'Hebrew Letter Dalet With Dagesh']);
  });

  it('is the same for the same value whatever the key order, and nests', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: 'x' }], a: true })).toBe(canonicalJson({ a: true, b: [1, { c: 'x', d: 2 }] }));
    expect(canonicalJson({ b: [1, { d: 2, c: 'x' }], a: true })).toBe('{"a":true,"b":[1,{"c":"x","d":2}]}');
  });

  it('leaves out undefined members and writes -0 as 0', () => {
    expect(canonicalJson({ a: undefined, b: -0 })).toBe('{"b":0}');
  });

  it('refuses what is not I-JSON: NaN, Infinity, a lone surrogate, a function', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ x: Infinity })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson('\ud800')).toThrow(/lone surrogate/);
    expect(() => canonicalJson(() => 1)).toThrow(CanonicalJsonError);
    expect(canonicalJson('\ud83d\ude00')).toBe('"😀"');
  });
});
