// Parsing at the edge: a zod schema applied to what a caller sent, failing as a ValidationError
// that names each bad field. Every handler that takes input uses these, so every 400 reads alike.
import type * as z from 'zod';
import { ValidationError, detailsFromZod } from './errors.ts';

/** `value` checked against `schema`; `what` names it in the error ("award request"). */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const details = detailsFromZod(parsed.error.issues);
    throw new ValidationError(`invalid ${what}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details, parsed.error);
  }
  return parsed.data;
}

/** JSON text checked against `schema`; text that is not JSON at all is a ValidationError too. */
export function parseJsonWith<S extends z.ZodType>(schema: S, text: string, what: string): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${what} is not valid JSON`, [{ path: '(root)', message: 'expected a JSON object' }], error);
  }
  return parseWith(schema, value, what);
}
