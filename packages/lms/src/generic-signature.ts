// Webhook authenticity of the generic kind: `Tessera-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
// Several v1 values may be sent (while a source rotates its secret); one match is enough.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '@tessera/core';

export const SIGNATURE_HEADER = 'Tessera-Signature';
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export function signWebhook(secret: string, rawBody: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** `previousSecret`: the secret a rotation replaced, while it is still accepted (the caller checks its date). */
export function verifyWebhookSignature(input: { header: string | undefined; rawBody: string; secret: string; previousSecret?: string; now: Date }): void {
  if (!input.header) throw new UnauthorizedError(`missing ${SIGNATURE_HEADER} header`);
  const parts = input.header.split(',').map((p) => p.trim().split('=', 2) as [string, string | undefined]);
  const timestamps = parts.filter(([k]) => k === 't').map(([, v]) => v);
  const signatures = parts.filter(([k, v]) => k === 'v1' && v && /^[0-9a-f]{64}$/i.test(v)).map(([, v]) => v!.toLowerCase());
  const t = timestamps.length === 1 && /^\d{1,12}$/.test(timestamps[0] ?? '') ? Number(timestamps[0]) : NaN;
  if (Number.isNaN(t) || signatures.length === 0) {
    throw new UnauthorizedError(`malformed ${SIGNATURE_HEADER} header: expected t=<unix seconds>,v1=<hex hmac>`);
  }
  const age = Math.abs(input.now.getTime() / 1000 - t);
  if (age > SIGNATURE_TOLERANCE_SECONDS) {
    throw new UnauthorizedError(`stale ${SIGNATURE_HEADER}: timestamp is ${Math.round(age)} s from now (tolerance ${SIGNATURE_TOLERANCE_SECONDS} s)`);
  }
  const expected = [input.secret, ...(input.previousSecret ? [input.previousSecret] : [])].map((secret) =>
    Buffer.from(createHmac('sha256', secret).update(`${t}.${input.rawBody}`).digest('hex'), 'hex'),
  );
  const ok = signatures.some((s) => expected.some((e) => timingSafeEqual(Buffer.from(s, 'hex'), e)));
  if (!ok) throw new UnauthorizedError(`${SIGNATURE_HEADER} does not match the body`);
}
