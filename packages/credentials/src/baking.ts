// Baking per Open Badges 3.0 §5.3: the credential travels inside its own badge image. PNG: one
// uncompressed iTXt chunk keyed `openbadgecredential`; SVG: an <openbadges:credential> element
// right after <svg>, the JSON in CDATA. Pure functions over bytes and strings; any re-encode of
// the image after baking drops the credential, so baking is always the last step.
import { crc32 } from 'node:zlib';
import { ValidationError } from '@tessera/core';
import { isCompactJws } from './vc-jwt.ts';

export const BAKED_KEYWORD = 'openbadgecredential';
export const OPENBADGES_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

type Chunk = { type: string; data: Uint8Array };

function notAPng(problem: string): ValidationError {
  return new ValidationError(`not a readable PNG: ${problem}`, [{ path: '(root)', message: problem }]);
}

function readChunks(png: Uint8Array): Chunk[] {
  if (png.length < PNG_SIGNATURE.length || !PNG_SIGNATURE.every((b, i) => png[i] === b)) throw notAPng('the PNG signature is missing');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Chunk[] = [];
  let offset = PNG_SIGNATURE.length;
  while (offset < png.length) {
    if (offset + 12 > png.length) throw notAPng(`truncated chunk at byte ${offset}`);
    const length = view.getUint32(offset);
    const type = latin1(png.subarray(offset + 4, offset + 8));
    const end = offset + 12 + length;
    if (end > png.length) throw notAPng(`chunk ${type} at byte ${offset} runs past the end of the file`);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (crc32(png.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)) throw notAPng(`chunk ${type} at byte ${offset} has a bad CRC`);
    chunks.push({ type, data });
    offset = end;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR') throw notAPng('the first chunk is not IHDR');
  if (chunks.at(-1)?.type !== 'IEND') throw notAPng('there is no IEND chunk');
  return chunks;
}

function writeChunks(chunks: Chunk[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from(PNG_SIGNATURE)];
  for (const { type, data } of chunks) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
    parts.push(head, Buffer.from(data), crc);
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** iTXt layout: keyword \0, compression flag, compression method, language tag \0, translated keyword \0, text. */
function parseITxt(data: Uint8Array): { keyword: string; compressed: boolean; text: Uint8Array } | undefined {
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 0 || keywordEnd + 3 > data.length) return undefined;
  const languageEnd = data.indexOf(0, keywordEnd + 3);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) return undefined;
  return { keyword: latin1(data.subarray(0, keywordEnd)), compressed: data[keywordEnd + 1] !== 0, text: data.subarray(translatedEnd + 1) };
}

const isBakedChunk = (chunk: Chunk) => chunk.type === 'iTXt' && parseITxt(chunk.data)?.keyword === BAKED_KEYWORD;

/** The PNG with `credential` (the JSON text as published) in one uncompressed iTXt chunk right
 *  after IHDR; an earlier baked credential is replaced, so re-baking never leaves two. */
export function bakePng(png: Uint8Array, credential: string): Uint8Array {
  const chunks = readChunks(png).filter((chunk) => !isBakedChunk(chunk));
  const data = Buffer.concat([Buffer.from(`${BAKED_KEYWORD}\0\0\0\0\0`, 'latin1'), Buffer.from(credential, 'utf8')]);
  chunks.splice(1, 0, { type: 'iTXt', data: new Uint8Array(data) });
  return writeChunks(chunks);
}

/** The credential text baked into the PNG, or undefined when it carries none. Throws a
 *  ValidationError when the bytes are not a PNG or the baked chunk is unusable. */
export function unbakePng(png: Uint8Array): string | undefined {
  const baked = readChunks(png).filter(isBakedChunk);
  if (baked.length === 0) return undefined;
  if (baked.length > 1) throw new ValidationError(`the PNG has ${baked.length} "${BAKED_KEYWORD}" iTXt chunks; a baked badge has one`);
  const itxt = parseITxt(baked[0]!.data)!;
  if (itxt.compressed) throw new ValidationError(`the PNG's "${BAKED_KEYWORD}" iTXt chunk is compressed; OB 3.0 bakes it uncompressed`);
  return Buffer.from(itxt.text).toString('utf8');
}

// The SVG is read with indexOf scans, not regular expressions: a body is whatever anyone posts
// to /verify, and backtracking patterns over 200 KB of "<svg " took seconds of the event loop.
// Every scan below moves forward only, so reading is linear in the size of the SVG.
type Span = { start: number; end: number };

/** The first `<svg` start tag (followed by whitespace, `>` or `/`) up to its first `>`. */
function findSvgOpenTag(svg: string): Span | undefined {
  for (let at = svg.indexOf('<svg'); at >= 0; at = svg.indexOf('<svg', at + 4)) {
    if (!/[\s>/]/.test(svg[at + 4] ?? '')) continue;
    const close = svg.indexOf('>', at);
    // No `>` after this one means none after any later candidate either.
    return close < 0 ? undefined : { start: at, end: close + 1 };
  }
  return undefined;
}

const CREDENTIAL_OPEN = '<openbadges:credential';
const CREDENTIAL_CLOSE = '</openbadges:credential>';

/** The first <openbadges:credential> element: its whole span, its start tag and its content
 *  (undefined when it closes itself). */
function findCredentialElement(svg: string): { span: Span; startTag: string; content?: string } | undefined {
  for (let at = svg.indexOf(CREDENTIAL_OPEN); at >= 0; at = svg.indexOf(CREDENTIAL_OPEN, at + CREDENTIAL_OPEN.length)) {
    if (/\w/.test(svg[at + CREDENTIAL_OPEN.length] ?? '')) continue;
    const tagEnd = svg.indexOf('>', at);
    if (tagEnd < 0) return undefined;
    const startTag = svg.slice(at, tagEnd + 1);
    if (svg[tagEnd - 1] === '/') return { span: { start: at, end: tagEnd + 1 }, startTag };
    const close = svg.indexOf(CREDENTIAL_CLOSE, tagEnd);
    if (close < 0) return undefined;
    return { span: { start: at, end: close + CREDENTIAL_CLOSE.length }, startTag, content: svg.slice(tagEnd + 1, close) };
  }
  return undefined;
}

const noSvgElement = () => new ValidationError('not an SVG: there is no <svg> element', [{ path: '(root)', message: 'no <svg> element' }]);

/** CDATA cannot hold "]]>": split it across two sections so any JSON text survives. */
const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

/** The SVG with the openbadges namespace on its root and `credential` in an
 *  <openbadges:credential> element right after the opening <svg> tag (replacing an earlier one). */
export function bakeSvg(svg: string, credential: string): string {
  const earlier = findCredentialElement(svg);
  const cleaned = earlier ? svg.slice(0, earlier.span.start) + svg.slice(earlier.span.end) : svg;
  const open = findSvgOpenTag(cleaned);
  if (!open) throw noSvgElement();
  let tag = cleaned.slice(open.start, open.end);
  if (!/\sxmlns:openbadges\s*=/.test(tag)) tag = `<svg xmlns:openbadges="${OPENBADGES_NAMESPACE}"${tag.slice(4)}`;
  return `${cleaned.slice(0, open.start)}${tag}<openbadges:credential>${cdata(credential)}</openbadges:credential>${cleaned.slice(open.end)}`;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** One character reference as XML reads it; beyond Unicode is the sender's mistake, a 400. */
function characterReference(whole: string, name: string): string {
  if (name[0] !== '#') return XML_ENTITIES[name] ?? whole;
  const codePoint = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
  if (!Number.isInteger(codePoint) || codePoint > 0x10ffff) {
    const problem = `character reference ${whole} is not a Unicode character`;
    throw new ValidationError(`the baked credential cannot be read: ${problem}`, [{ path: '(root)', message: problem }]);
  }
  return String.fromCodePoint(codePoint);
}

/** Element text as XML reads it: CDATA sections verbatim, entities decoded elsewhere. */
function xmlText(content: string): string {
  const decode = (text: string) => text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, characterReference);
  let text = '';
  let at = 0;
  for (let open = content.indexOf('<![CDATA['); open >= 0; open = content.indexOf('<![CDATA[', at)) {
    const close = content.indexOf(']]>', open + 9);
    if (close < 0) break;
    text += decode(content.slice(at, open)) + content.slice(open + 9, close);
    at = close + 3;
  }
  return text + decode(content.slice(at));
}

/** The credential text baked into the SVG, or undefined when it carries none. A JWT-baked SVG
 *  (the `verify` attribute) yields the compact JWS. */
export function unbakeSvg(svg: string): string | undefined {
  if (!findSvgOpenTag(svg)) throw noSvgElement();
  const element = findCredentialElement(svg);
  if (!element) return undefined;
  const verify = /\sverify\s*=\s*"([^"]*)"/.exec(element.startTag);
  if (verify) return verify[1];
  const text = xmlText(element.content ?? '').trim();
  return text === '' ? undefined : text;
}

/** `jwt`: a VC-JWT as text (a compact JWS), as `{id}.jwt` is published. */
export type CredentialFileFormat = 'json' | 'png' | 'svg' | 'jwt';

/** Which kind of file the bytes are: a PNG by its signature, an SVG by its root element, a VC-JWT by
 *  its three base64url parts, else JSON. */
export function sniffCredentialFormat(bytes: Uint8Array): CredentialFileFormat {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('utf8').trimStart();
  if (head.startsWith('<') && /<svg[\s>]/.test(head)) return 'svg';
  if (isCompactJws(Buffer.from(bytes).toString('utf8'))) return 'jwt';
  return 'json';
}

/** The credential carried by a JSON document, a baked PNG or a baked SVG, parsed as JSON. One
 *  reading for the verify endpoint and the command line; `source` names the input in messages
 *  ("request body", a file name), and the ValidationError says what is wrong with it. */
export function readCredential(bytes: Uint8Array, format: CredentialFileFormat, source: string): unknown {
  if (format === 'jwt') {
    const jws = Buffer.from(bytes).toString('utf8').trim();
    if (!isCompactJws(jws))
      throw new ValidationError(`${source} is not a VC-JWT: expected a compact JWS (three base64url parts)`, [{ path: '(root)', message: 'expected a compact JWS' }]);
    return jws;
  }
  const text = format === 'json' ? Buffer.from(bytes).toString('utf8') : format === 'png' ? unbakePng(bytes) : unbakeSvg(Buffer.from(bytes).toString('utf8'));
  if (text === undefined) {
    const problem = format === 'png' ? `no iTXt chunk keyed "${BAKED_KEYWORD}"` : 'no <openbadges:credential> element';
    throw new ValidationError(`${source} is a ${format.toUpperCase()} without a baked credential: ${problem}`, [{ path: '(root)', message: problem }]);
  }
  // A badge baked with a VC-JWT carries the compact JWS itself: the verifier takes it as it is.
  if (format !== 'json' && isCompactJws(text)) return text.trim();
  try {
    return JSON.parse(text);
  } catch (error) {
    if (format === 'json') throw new ValidationError(`${source} is not valid JSON: post the credential itself`, [{ path: '(root)', message: 'expected a JSON object' }], error);
    const problem = 'the baked credential is neither JSON nor a VC-JWT';
    throw new ValidationError(`the credential baked in ${source} is not JSON`, [{ path: '(root)', message: problem }], error);
  }
}
