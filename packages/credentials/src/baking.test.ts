// Bake/unbake round trips, checked by a PNG chunk reader written here from the PNG specification
// (ISO/IEC 15948 §5, §11.3.4.5) and sharing no code with the baker: its own CRC-32, its own parsing.
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '@tessera/core';
import { bakePng, bakeSvg, readCredential, sniffCredentialFormat, unbakePng, unbakeSvg } from './baking.ts';

// --- an independent reader -------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function specCrc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

type SpecChunk = { type: string; data: Uint8Array; crcOk: boolean };

function specChunks(png: Uint8Array): SpecChunk[] {
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const chunks: SpecChunk[] = [];
  let at = 8;
  const u32 = (i: number) => ((png[i]! << 24) | (png[i + 1]! << 16) | (png[i + 2]! << 8) | png[i + 3]!) >>> 0;
  while (at < png.length) {
    const length = u32(at);
    const typeAndData = png.subarray(at + 4, at + 8 + length);
    chunks.push({ type: String.fromCharCode(...typeAndData.subarray(0, 4)), data: typeAndData.subarray(4), crcOk: specCrc(typeAndData) === u32(at + 8 + length) });
    at += 12 + length;
  }
  expect(at).toBe(png.length);
  return chunks;
}

/** iTXt: keyword, NUL, compression flag, compression method, language tag, NUL, translated keyword, NUL, text. */
function specITxt(data: Uint8Array) {
  const nul1 = data.indexOf(0);
  const nul2 = data.indexOf(0, nul1 + 3);
  const nul3 = data.indexOf(0, nul2 + 1);
  return {
    keyword: new TextDecoder('latin1').decode(data.subarray(0, nul1)),
    compressionFlag: data[nul1 + 1],
    compressionMethod: data[nul1 + 2],
    languageTag: new TextDecoder().decode(data.subarray(nul1 + 3, nul2)),
    translatedKeyword: new TextDecoder().decode(data.subarray(nul2 + 1, nul3)),
    text: new TextDecoder().decode(data.subarray(nul3 + 1)),
  };
}

function specChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(
    [...type].map((c) => c.charCodeAt(0)),
    4,
  );
  out.set(data, 8);
  view.setUint32(8 + data.length, specCrc(out.subarray(4, 8 + data.length)));
  return out;
}

/** A 2×1 RGB PNG with a tEXt chunk, assembled by hand. */
function tinyPng(): Uint8Array {
  const ihdr = new Uint8Array([0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const idat = deflateSync(Uint8Array.of(0, 255, 0, 0, 0, 0, 255));
  const text = new TextEncoder().encode('Comment\0made by hand');
  const parts = [Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10), specChunk('IHDR', ihdr), specChunk('tEXt', text), specChunk('IDAT', idat), specChunk('IEND', new Uint8Array())];
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

const credential = JSON.stringify({ '@context': ['https://www.w3.org/ns/credentials/v2'], name: 'Ünïcode “quotes” ]]> <tag> & more', type: ['VerifiableCredential'] }, null, 2);

// --- PNG ----------------------------------------------------------------------------------------

describe('bakePng', () => {
  it('adds exactly one uncompressed iTXt keyed openbadgecredential, right after IHDR, with valid CRCs', () => {
    const baked = bakePng(tinyPng(), credential);

    const chunks = specChunks(baked);
    expect(chunks.every((c) => c.crcOk)).toBe(true);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'tEXt', 'IDAT', 'IEND']);
    const itxts = chunks.filter((c) => c.type === 'iTXt').map((c) => specITxt(c.data));
    expect(itxts).toEqual([{ keyword: 'openbadgecredential', compressionFlag: 0, compressionMethod: 0, languageTag: '', translatedKeyword: '', text: credential }]);
  });

  it('round-trips: unbakePng gives back the very text that was baked', () => {
    expect(unbakePng(bakePng(tinyPng(), credential))).toBe(credential);
  });

  it('replaces an earlier baked credential instead of adding a second', () => {
    const rebaked = bakePng(bakePng(tinyPng(), '{"first":true}'), credential);

    const itxts = specChunks(rebaked).filter((c) => c.type === 'iTXt');
    expect(itxts).toHaveLength(1);
    expect(specITxt(itxts[0]!.data).text).toBe(credential);
  });

  it('keeps every other chunk byte for byte', () => {
    const original = specChunks(tinyPng());

    const kept = specChunks(bakePng(tinyPng(), credential)).filter((c) => c.type !== 'iTXt');

    expect(kept.map((c) => [c.type, [...c.data]])).toEqual(original.map((c) => [c.type, [...c.data]]));
  });

  it('refuses bytes that are not a PNG, saying so', () => {
    expect(() => bakePng(new TextEncoder().encode('GIF89a....'), credential)).toThrow(/not a readable PNG: the PNG signature is missing/);
  });
});

describe('unbakePng', () => {
  it('finds nothing in a PNG that was never baked', () => {
    expect(unbakePng(tinyPng())).toBeUndefined();
  });

  it('refuses a PNG whose chunk CRC does not match', () => {
    const baked = bakePng(tinyPng(), credential);
    baked[60] = baked[60]! ^ 0xff; // inside the iTXt text

    expect(() => unbakePng(baked)).toThrow(/chunk iTXt at byte 33 has a bad CRC/);
  });

  it('refuses a compressed openbadgecredential chunk (OB 3.0 bakes it uncompressed)', () => {
    const png = tinyPng();
    const itxt = specChunk('iTXt', Uint8Array.from([...new TextEncoder().encode('openbadgecredential'), 0, 1, 0, 0, 0, ...deflateSync(credential)]));
    const withCompressed = Uint8Array.from([...png.subarray(0, 33), ...itxt, ...png.subarray(33)]);

    expect(() => unbakePng(withCompressed)).toThrow(/compressed/);
  });
});

// --- SVG ----------------------------------------------------------------------------------------

const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>';

describe('bakeSvg', () => {
  it('declares the openbadges namespace and puts the credential in CDATA right after <svg>', () => {
    const baked = bakeSvg(svg, '{"a":1}');

    expect(baked).toContain(
      '<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" xmlns="http://www.w3.org/2000/svg" width="10" height="10"><openbadges:credential><![CDATA[{"a":1}]]></openbadges:credential><circle r="4"/>',
    );
  });

  it('round-trips any JSON text, even one containing "]]>"', () => {
    expect(unbakeSvg(bakeSvg(svg, credential))).toBe(credential);
  });

  it('replaces an earlier baked credential and does not declare the namespace twice', () => {
    const rebaked = bakeSvg(bakeSvg(svg, '{"first":true}'), credential);

    expect(rebaked.match(/<openbadges:credential>/g)).toHaveLength(1);
    expect(rebaked.match(/xmlns:openbadges=/g)).toHaveLength(1);
    expect(unbakeSvg(rebaked)).toBe(credential);
  });
});

describe('unbakeSvg', () => {
  it('reads a credential another baker wrote as escaped text instead of CDATA', () => {
    const other =
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">\n  <openbadges:credential>{"name":"A &amp; B &lt;C&gt; &#233;"}</openbadges:credential></svg>';

    expect(unbakeSvg(other)).toBe('{"name":"A & B <C> é"}');
  });

  it('finds nothing in an SVG that was never baked', () => {
    expect(unbakeSvg(svg)).toBeUndefined();
  });
});

/** A compact JWS's shape (three base64url parts); baking and reading never check its signature. */
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJkaWQ6d2ViOngifQ.c2lnbmF0dXJl';

describe('readCredential', () => {
  it('names the missing chunk when a PNG carries no credential', () => {
    expect(() => readCredential(tinyPng(), 'png', 'badge.png')).toThrow('badge.png is a PNG without a baked credential: no iTXt chunk keyed "openbadgecredential"');
  });

  it('names the missing element when an SVG carries no credential', () => {
    expect(() => readCredential(new TextEncoder().encode(svg), 'svg', 'request body')).toThrow(/no <openbadges:credential> element/);
  });

  it('answers a body that is not JSON with a ValidationError (a 400)', () => {
    expect(() => readCredential(new TextEncoder().encode('not json'), 'json', 'request body')).toThrow(ValidationError);
  });

  it('parses the baked JSON', () => {
    expect(readCredential(bakePng(tinyPng(), credential), 'png', 'x')).toEqual(JSON.parse(credential));
  });

  it('gives a baked VC-JWT back as the compact JWS, for the verifier to take as it is', () => {
    expect(readCredential(bakePng(tinyPng(), JWT), 'png', 'x')).toBe(JWT);
    expect(readCredential(new TextEncoder().encode(bakeSvg(svg, JWT)), 'svg', 'x')).toBe(JWT);
  });

  it('reads a posted VC-JWT, trimmed, and refuses text that is not one', () => {
    expect(readCredential(new TextEncoder().encode(`${JWT}\n`), 'jwt', 'request body')).toBe(JWT);
    expect(() => readCredential(new TextEncoder().encode('{"a":1}'), 'jwt', 'request body')).toThrow('request body is not a VC-JWT');
  });
});

describe('sniffCredentialFormat', () => {
  it.each([
    ['a PNG', tinyPng(), 'png'],
    ['an SVG with an XML declaration', new TextEncoder().encode(svg), 'svg'],
    ['JSON', new TextEncoder().encode(' {"a":1}'), 'json'],
    ['a VC-JWT', new TextEncoder().encode(`${JWT}\n`), 'jwt'],
  ] as const)('recognises %s', (_, bytes, format) => {
    expect(sniffCredentialFormat(bytes)).toBe(format);
  });
});

describe('reading hostile SVG bodies', () => {
  const within = (ms: number, work: () => unknown) => {
    const started = performance.now();
    try {
      work();
    } catch {
      // only the time matters here
    }
    return performance.now() - started < ms;
  };

  it.each([
    ['repeated "<svg "', '<svg '.repeat(40_000)],
    ['repeated "<openbadges:credential "', `<svg>${'<openbadges:credential '.repeat(9_000)}`],
    ['repeated unclosed CDATA', `<svg><openbadges:credential>${'<![CDATA['.repeat(22_000)}</openbadges:credential></svg>`],
  ])('reads 200 KB of %s in linear time', (_, body) => {
    expect(body.length).toBeGreaterThan(190_000);
    expect(within(250, () => unbakeSvg(body))).toBe(true);
    expect(within(250, () => bakeSvg(body, '{}'))).toBe(true);
  });

  it('still finds the element and the opening tag the way XML does', () => {
    const doc = '<svgx/><svg\n width="1"><openbadges:credentialX/><openbadges:credential id="c">{"a":1}</openbadges:credential></svg>';
    expect(unbakeSvg(doc)).toBe('{"a":1}');
    expect(unbakeSvg('<svg><openbadges:credential/></svg>')).toBeUndefined();
    expect(unbakeSvg('<svg><openbadges:credential><![CDATA[{"b":]]>2<![CDATA[}]]></openbadges:credential></svg>')).toBe('{"b":2}');
  });

  it.each(['&#x110000;', '&#1114112;', '&#99999999999999999999;'])('answers a character reference beyond Unicode (%s) with a ValidationError', (entity) => {
    const doc = `<svg><openbadges:credential>{"name":"${entity}"}</openbadges:credential></svg>`;
    expect(() => unbakeSvg(doc)).toThrow(ValidationError);
    expect(() => unbakeSvg(doc)).toThrow(`character reference ${entity} is not a Unicode character`);
  });
});
