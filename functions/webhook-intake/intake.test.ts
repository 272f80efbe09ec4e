import { describe, expect, it } from 'vitest';
import { submissionIdFor } from './intake.ts';

describe('submission ids', () => {
  it('are the same for the same source and event, so redeliveries collapse', () => {
    expect(submissionIdFor('moodle', 'evt-1')).toBe(submissionIdFor('moodle', 'evt-1'));
  });

  it('differ across sources for the same event id', () => {
    expect(submissionIdFor('moodle', 'evt-1')).not.toBe(submissionIdFor('canvas', 'evt-1'));
  });

  it('are valid Step Functions execution names (≤ 80 chars of [A-Za-z0-9_-])', () => {
    expect(submissionIdFor('s', 'e'.repeat(200))).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });
});
