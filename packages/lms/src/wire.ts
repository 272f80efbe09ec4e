// Reading what an LMS sent: JSON bodies, the platforms' id and time formats, and the shape checks
// every adapter runs, each failure a ValidationError (400) naming the field that is wrong.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { detailsFromZod, ValidationError } from '@tessera/core';

/** An identifier as LMSs write them: a string, or a number (Moodle ids, Open edX user ids). */
export const PlatformId = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

/** A JSON body; `what` names the platform's shape in the message. */
export function parseJsonBody(rawBody: string, what: string): unknown {
  try {
    return JSON.parse(rawBody) as unknown;
  } catch (cause) {
    throw new ValidationError(`the body is not JSON: expected ${what}`, [], cause);
  }
}

/** Checks `value` against `schema`; the details name each bad field. */
export function parseShape<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(`not ${what}`, detailsFromZod(parsed.error.issues));
  return parsed.data;
}

/** An instant as ISO 8601 UTC. Accepts ISO strings, Python's `str(datetime)` (`2023-01-31
 *  20:28:12.798285`, UTC when it has no offset) and Unix seconds; undefined when unreadable. */
export function isoInstant(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number' || /^\d{9,11}$/.test(value)) {
    const date = new Date(Number(value) * 1000);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  // Python prints microseconds and a space; Date reads milliseconds and a T.
  const normalized = value
    .trim()
    .replace(' ', 'T')
    .replace(/(\.\d{3})\d+/, '$1');
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(normalized) ? normalized : `${normalized}Z`;
  const date = new Date(withZone);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A short stable digest, for keys of events whose fields alone do not identify them. */
export const shortDigest = (value: string) => createHash('sha256').update(value, 'utf8').digest('base64url').slice(0, 22);

/** A present, non-blank string, else undefined (LMSs send '' and null for "no value"). */
export const nonBlank = (value: string | null | undefined): string | undefined => (value && value.trim() ? value.trim() : undefined);
