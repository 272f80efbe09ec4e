// An RSA public key (the issuer's VC-JWT key) in the three spellings Tessera needs: Multikey
// (`z4MX…`, multicodec rsa-pub over PKCS#1 DER, as did:key spells RSA) to name it in the issuer's
// key history beside the Ed25519 keys, a JWK for did.json, and its RFC 7638 thumbprint for the `kid`.
import { createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { base58btcDecode, base58btcEncode } from './base58.ts';

/** multicodec varint for rsa-pub (0x1205). */
const RSA_PUB_MULTICODEC = Uint8Array.of(0x85, 0x24);

/** The public members of an RSA JWK (RFC 7518 §6.3.1); never `d`. */
export type RsaPublicJwk = { kty: 'RSA'; n: string; e: string };

/** DER SubjectPublicKeyInfo of an RSA key (what KMS GetPublicKey returns) -> `z4MX…`. */
export function multikeyFromRsaPublicKey(spki: Uint8Array): string {
  const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'rsa') throw new RangeError(`expected an RSA public key, got ${key.asymmetricKeyType ?? 'a non-asymmetric key'}`);
  const pkcs1 = key.export({ format: 'der', type: 'pkcs1' });
  return 'z' + base58btcEncode(Buffer.concat([RSA_PUB_MULTICODEC, pkcs1]));
}

/** The JWK of an RSA Multikey, or undefined when the Multikey is not an RSA key (an Ed25519 one, say). */
export function rsaPublicJwkFromMultikey(publicKeyMultibase: string): RsaPublicJwk | undefined {
  if (!publicKeyMultibase.startsWith('z')) return undefined;
  const bytes = base58btcDecode(publicKeyMultibase.slice(1));
  if (!bytes || bytes[0] !== RSA_PUB_MULTICODEC[0] || bytes[1] !== RSA_PUB_MULTICODEC[1]) return undefined;
  const { n, e } = createPublicKey({ key: Buffer.from(bytes.subarray(RSA_PUB_MULTICODEC.length)), format: 'der', type: 'pkcs1' }).export({ format: 'jwk' });
  return { kty: 'RSA', n: n as string, e: e as string };
}

/** RFC 7638 SHA-256 thumbprint: the fragment of the key's verification method id, so the `kid` is stable and derived from the key. */
export function rsaJwkThumbprint(jwk: RsaPublicJwk): Promise<string> {
  return calculateJwkThumbprint(jwk, 'sha256');
}
