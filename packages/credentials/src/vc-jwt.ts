// The VC-JWT proof format of Open Badges 3.0 (§8.2 "JSON Web Token Proof Format", 3.0.3 with VC
// Data Model 2.0): a compact JWS whose payload is the credential itself plus the JWT claims that
// mirror it (iss, jti, nbf, exp, sub). Signing goes through the RsaSigner port (RS256, KMS or a
// local key); verifying takes any issuer's JWT, dereferences `kid` through the same document loader
// as Data Integrity, and checks that the claims say what the credential says.
import { compactVerify, importJWK, type JWK } from 'jose';
import { IssuanceError, type RsaSigner } from '@tessera/core';
import { isoSeconds } from './build.ts';
import type { DocumentLoader } from './document-loader.ts';

type Json = Record<string, unknown>;

/** OB 3.0 §8.2.3: RS256 is the one algorithm every verifier must accept, so it is the one we sign with. */
export const VC_JWT_ALGORITHM = 'RS256';
/** What /verify accepts from other issuers: asymmetric JWS algorithms only, never `none` or an HMAC
 *  (a shared secret proves nothing about an issuer). OB 3.0 permits algorithms beyond RS256. */
const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];
/** OB 3.0 §8.2.3: "Additional JOSE Headers are NOT allowed." */
const ALLOWED_HEADERS = new Set(['alg', 'kid', 'jwk', 'typ']);
/** The registered claims (RFC 7519 §4.1) a payload adds to the credential; what is left is the credential. */
const REGISTERED_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti'];
/** The media type of a published VC-JWT (VC-JOSE-COSE §6.1, registered with IANA). */
export const VC_JWT_MEDIA_TYPE = 'application/vc+jwt';

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const idOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : isObject(value) && typeof value.id === 'string' ? value.id : undefined);
const seconds = (dateTime: string): number => Math.floor(Date.parse(dateTime) / 1000);
const base64url = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url');
const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Three base64url parts separated by dots: how /verify and the CLI tell a JWT from JSON. */
export function isCompactJws(text: string): boolean {
  return COMPACT_JWS.test(text.trim());
}

export type CredentialJwtOptions = {
  signer: RsaSigner;
  /** The key's verification method id in the issuer's DID document, dereferenceable to its JWK. */
  kid: string;
  issuedAt?: Date;
};

/** The credential as a compact JWS. Its `proof` (the Data Integrity one) is left out: each published
 *  form carries one proof, so a JOSE verifier needs no JSON-LD and a Data Integrity one no JOSE
 *  (OB 3.0 §8.2.2: with the JWT format, `proof` MAY be omitted). */
export async function signCredentialJwt(credential: Json, options: CredentialJwtOptions): Promise<string> {
  const { proof: _proof, ...unsecured } = credential;
  const validFrom = unsecured.validFrom;
  const issuer = idOf(unsecured.issuer);
  if (typeof validFrom !== 'string' || !issuer || typeof unsecured.id !== 'string') {
    throw new IssuanceError(`credential ${String(unsecured.id)} needs an id, an issuer id and validFrom to become a VC-JWT`);
  }
  const subject = isObject(unsecured.credentialSubject) ? idOf(unsecured.credentialSubject) : undefined;
  // OB 3.0 §8.2.4.1 "JWT Payload Format": the credential's own members, with the claims that mirror it.
  // `sub` mirrors credentialSubject.id; our subjects are identified by a hashed e-mail instead, so they have none.
  const payload = {
    ...unsecured,
    iss: issuer,
    jti: unsecured.id,
    nbf: seconds(validFrom),
    ...(typeof unsecured.validUntil === 'string' ? { exp: seconds(unsecured.validUntil) } : {}),
    ...(subject ? { sub: subject } : {}),
    iat: Math.floor((options.issuedAt ?? new Date()).getTime() / 1000),
  };
  // OB 3.0 §8.2.3: alg RS256, kid a dereferenceable URI, typ (if present) "JWT"; nothing else.
  const header = { alg: VC_JWT_ALGORITHM, kid: options.kid, typ: 'JWT' };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  let signature: Uint8Array;
  try {
    signature = await options.signer.sign(new TextEncoder().encode(signingInput));
  } catch (cause) {
    throw new IssuanceError(`signing the VC-JWT of credential ${unsecured.id} failed`, cause);
  }
  return `${signingInput}.${base64url(signature)}`;
}

export type DecodedCredentialJwt = { header: Json; payload: Json; credential: Json };

/** Reads header and payload (unverified) and takes the credential out of the payload: the payload
 *  itself less the JWT claims (VC 2.0), or its `vc` claim (JWTs made under VC 1.1, which OB 3.0 §8.2.6 still accepts). */
export function decodeCredentialJwt(jws: string): DecodedCredentialJwt {
  const [headerPart, payloadPart] = jws.trim().split('.');
  const parse = (part: string | undefined, name: string): Json => {
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    } catch {
      throw new Error(`the JWT's ${name} is not base64url-encoded JSON`);
    }
    if (!isObject(value)) throw new Error(`the JWT's ${name} is not a JSON object`);
    return value;
  };
  const header = parse(headerPart, 'header');
  const payload = parse(payloadPart, 'payload');
  if (isObject(payload.vc)) return { header, payload, credential: payload.vc };
  const credential = Object.fromEntries(Object.entries(payload).filter(([name]) => !REGISTERED_CLAIMS.includes(name)));
  return { header, payload, credential };
}

export type JwtSignatureOutcome = { ok: boolean; message: string; verificationMethod?: Json; verificationMethodId?: string };

/** OB 3.0 §8.2.6 steps 1-4: the header's rules, the key from `kid` (or `jwk`), the signature. */
export async function verifyJwtSignature(jws: string, decoded: DecodedCredentialJwt, documentLoader: DocumentLoader): Promise<JwtSignatureOutcome> {
  const { header, payload } = decoded;
  const fail = (message: string, verificationMethodId?: string): JwtSignatureOutcome => ({ ok: false, message, verificationMethodId });
  const alg = header.alg;
  if (typeof alg !== 'string' || !ACCEPTED_ALGORITHMS.includes(alg)) {
    return fail(`JWT algorithm "${String(alg)}" is refused: only ${ACCEPTED_ALGORITHMS.join(', ')} are accepted`);
  }
  const extra = Object.keys(header).filter((name) => !ALLOWED_HEADERS.has(name));
  if (extra.length) return fail(`the JOSE header has ${extra.join(', ')}: OB 3.0 allows only alg, kid, jwk and typ`);
  // OB 3.0 says "JWT"; VC-JOSE-COSE says "vc+jwt". Both announce the same thing, so both are read.
  if (header.typ !== undefined && header.typ !== 'JWT' && header.typ !== 'vc+jwt') return fail(`JOSE header typ "${String(header.typ)}" is not "JWT"`);

  let jwk: Json | undefined;
  let verificationMethod: Json | undefined;
  let kid: string | undefined;
  if (typeof header.kid === 'string') {
    // A relative kid ("#key-1") is relative to the issuer DID (VC-JOSE-COSE §3.1.1).
    kid = header.kid.startsWith('#') && typeof payload.iss === 'string' ? `${payload.iss}${header.kid}` : header.kid;
    try {
      verificationMethod = (await documentLoader(kid)).document as Json;
    } catch (error) {
      return fail(`cannot dereference the JWT's kid ${kid}: ${errorMessage(error)}`, kid);
    }
    // A DID document's verification method carries publicKeyJwk; an https kid may name a bare JWK.
    jwk = isObject(verificationMethod.publicKeyJwk) ? verificationMethod.publicKeyJwk : typeof verificationMethod.kty === 'string' ? verificationMethod : undefined;
    if (!jwk) return fail(`${kid} is not a JSON Web Key (no publicKeyJwk)`, kid);
  } else if (isObject(header.jwk)) {
    jwk = header.jwk;
  } else {
    return fail('the JOSE header has neither kid nor jwk: there is no key to verify with');
  }
  if ('d' in jwk) return fail('the JWK is a private key (it has "d"): refused', kid);

  try {
    const key = await importJWK(jwk as JWK, alg);
    await compactVerify(jws.trim(), key, { algorithms: [alg] });
  } catch (error) {
    return fail(`VC-JWT ${alg} signature does not verify${kid ? ` with ${kid}` : ''}: ${errorMessage(error)}`, kid);
  }
  return { ok: true, message: `VC-JWT ${alg} signature verified with ${kid ?? 'the key in its header'}`, verificationMethod, verificationMethodId: kid };
}

/** OB 3.0 §8.2.6.1: each claim must say what the credential says. Returns the problems (none: they
 *  match) and the credential as the checks that follow see it: `exp` supplies a missing validUntil. */
export function checkJwtClaims(decoded: DecodedCredentialJwt): { problems: string[]; credential: Json } {
  const { payload } = decoded;
  let { credential } = decoded;
  const problems: string[] = [];
  const issuerId = idOf(credential.issuer);
  if (payload.iss === undefined) problems.push('the JWT has no iss claim');
  else if (payload.iss !== issuerId) problems.push(`iss ${String(payload.iss)} is not the credential's issuer ${issuerId ?? '(none)'}`);
  if (payload.jti === undefined) problems.push('the JWT has no jti claim');
  else if (payload.jti !== credential.id) problems.push(`jti ${String(payload.jti)} is not the credential's id ${String(credential.id)}`);
  const subjectId = isObject(credential.credentialSubject) ? idOf(credential.credentialSubject) : undefined;
  // The subject may be identified by identifier objects only (ours are): then there is nothing for sub to name.
  if (subjectId !== undefined || payload.sub !== undefined) {
    if (payload.sub !== subjectId) problems.push(`sub ${String(payload.sub ?? '(none)')} is not the credentialSubject id ${subjectId ?? '(none)'}`);
  }
  const validFrom = credential.validFrom ?? credential.issuanceDate;
  if (typeof payload.nbf !== 'number') problems.push('the JWT has no numeric nbf claim');
  else if (typeof validFrom !== 'string' || seconds(validFrom) !== payload.nbf) {
    problems.push(`nbf ${new Date(payload.nbf * 1000).toISOString()} is not the credential's validFrom ${String(validFrom ?? '(none)')}`);
  }
  if (payload.exp !== undefined) {
    const validUntil = credential.validUntil ?? credential.expirationDate;
    if (typeof payload.exp !== 'number') problems.push('the exp claim is not a NumericDate');
    else if (validUntil === undefined) credential = { ...credential, validUntil: isoSeconds(new Date(payload.exp * 1000)) };
    else if (typeof validUntil !== 'string' || seconds(validUntil) !== payload.exp) {
      problems.push(`exp ${new Date(payload.exp * 1000).toISOString()} is not the credential's validUntil ${String(validUntil)}`);
    }
  }
  return { problems, credential };
}
