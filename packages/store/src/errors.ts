// The store's own errors. A stored item that does not parse is a fault of ours (or of whoever edited
// the table by hand), never the caller's: it maps to 500 and names the item and the field.
import { ConflictError, TesseraError, detailsFromZod } from '@tessera/core';
import type * as z from 'zod';

/** A status list changed between reading it and writing a bit of it: read it again and retry. */
export class StatusListChangedError extends ConflictError {}

/** An item read from the table is not the record it should be (say, `status` is not a known status). */
export class StoredItemInvalidError extends TesseraError {
  constructor(
    readonly entity: string,
    readonly key: { pk: string; sk: string },
    error: z.ZodError,
  ) {
    const details = detailsFromZod(error.issues);
    super(500, 'stored_item_invalid', `stored ${entity} ${key.pk} is invalid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, {
      cause: error,
      details,
    });
  }
}
