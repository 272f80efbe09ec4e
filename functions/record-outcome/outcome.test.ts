import { describe, expect, it } from 'vitest';
import { failureReason } from './outcome.ts';

describe('failure reasons', () => {
  it('read the message out of a Lambda error cause (JSON)', () => {
    const cause = JSON.stringify({ errorType: 'IssuanceError', errorMessage: 'schema says no', trace: ['at x'] });
    expect(failureReason({ Error: 'IssuanceError', Cause: cause })).toBe('IssuanceError: schema says no');
  });

  it('keep a plain-text cause as it is', () => {
    expect(failureReason({ Error: 'States.Timeout', Cause: 'took too long' })).toBe('States.Timeout: took too long');
  });

  it('fall back to the error name', () => {
    expect(failureReason({ Error: 'States.Runtime' })).toBe('States.Runtime');
    expect(failureReason(undefined)).toBe('unknown failure');
  });
});
