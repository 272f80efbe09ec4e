// The one error this package adds to the core's: a document (DID, key, context) that could
// not be resolved. It maps to 422 because the credential is well-formed but unverifiable.
import { TesseraError } from '@tessera/core';

export class DocumentResolutionError extends TesseraError {
  readonly url: string;
  constructor(url: string, message: string, cause?: unknown) {
    super(422, 'unresolvable_document', message, { cause });
    this.url = url;
  }
}
