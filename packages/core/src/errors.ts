// Typed errors of the domain. Each carries the HTTP status it maps to and a message that
// is safe to show a caller; the one place that turns them into responses is functions/shared/http.ts.
export type ErrorDetail = { path: string; message: string };

export class TesseraError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  constructor(status: number, code: string, message: string, options?: { cause?: unknown; details?: ErrorDetail[] }) {
    super(message, { cause: options?.cause });
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.details = options?.details ?? [];
  }
}

/** The request is malformed: each bad field is named in `details`. */
export class ValidationError extends TesseraError {
  constructor(message: string, details: ErrorDetail[] = [], cause?: unknown) {
    super(400, 'invalid_request', message, { details, cause });
  }
}

/** The caller could not be authenticated (bad signature, missing token). */
export class UnauthorizedError extends TesseraError {
  constructor(message: string, cause?: unknown) {
    super(401, 'unauthorized', message, { cause });
  }
}

/** The caller is authenticated but lacks a role the action needs; the body names the roles that
 *  would do (`role`: the first of them, `roles`: all). */
export class ForbiddenError extends TesseraError {
  readonly role: string;
  readonly roles: readonly string[];
  constructor(needed: string | readonly string[], message?: string, cause?: unknown) {
    const roles = typeof needed === 'string' ? [needed] : [...needed];
    super(403, 'forbidden', message ?? `this needs the ${roles.join(' or ')} role`, { cause });
    this.roles = roles;
    this.role = roles[0] ?? 'admin';
  }
}

export class NotFoundError extends TesseraError {
  constructor(message: string, cause?: unknown) {
    super(404, 'not_found', message, { cause });
  }
}

/** The request conflicts with the current state (a review already decided). */
export class ConflictError extends TesseraError {
  constructor(message: string, cause?: unknown) {
    super(409, 'conflict', message, { cause });
  }
}

/** The thing existed but is no longer usable (an expired review link). */
export class GoneError extends TesseraError {
  constructor(message: string, cause?: unknown) {
    super(410, 'gone', message, { cause });
  }
}

/** The body is in a format the endpoint does not read (a Caliper envelope that is not JSON). */
export class UnsupportedMediaTypeError extends TesseraError {
  constructor(message: string, cause?: unknown) {
    super(415, 'unsupported_media_type', message, { cause });
  }
}

/** Well-formed but refers to something we cannot act on (an unknown achievement). */
export class UnprocessableError extends TesseraError {
  constructor(message: string, details: ErrorDetail[] = [], cause?: unknown) {
    super(422, 'unprocessable', message, { details, cause });
  }
}

/** A failure inside the issuance workflow; the submission ends FAILED with this reason. */
export class IssuanceError extends TesseraError {
  constructor(message: string, cause?: unknown) {
    super(500, 'issuance_failed', message, { cause });
  }
}

/** Turn zod issues into the `{path, message}` details callers see. */
export function detailsFromZod(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): ErrorDetail[] {
  return issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
}
