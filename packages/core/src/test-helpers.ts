// Test-only helpers (not exported by the package; other packages' tests import this file by path).
import { expect } from 'vitest';
import { ValidationError, type ErrorDetail } from './errors.ts';

/** The `{path, message}` details of the ValidationError `attempt` throws. The test fails if it
 *  throws anything else, or nothing. */
export function validationDetails(attempt: () => unknown): ErrorDetail[] {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}
