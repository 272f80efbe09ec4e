import { describe, expect, it } from 'vitest';
import type { Achievement, Submission } from '@tessera/core';
import { evidenceShortfalls } from './evidence.ts';

const achievement = (minItems: number, requireUrl: boolean) => ({ evidenceRequirements: { minItems, requireUrl } }) as Achievement;
const submission = (evidence: Submission['evidence']) => ({ evidence }) as Submission;

describe('evidence requirements', () => {
  it('are met by enough items', () => {
    expect(evidenceShortfalls(submission([{ name: 'a' }, { name: 'b' }]), achievement(2, false))).toEqual([]);
  });

  it('name a missing item count', () => {
    expect(evidenceShortfalls(submission([{ name: 'a' }]), achievement(2, false))).toEqual(['needs at least 2 evidence item(s), got 1']);
  });

  it('name an item without the url the achievement demands', () => {
    expect(evidenceShortfalls(submission([{ name: 'a', url: 'https://x.example' }, { name: 'b' }]), achievement(0, true))).toEqual(['every evidence item needs a url']);
  });
});
