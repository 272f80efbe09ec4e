import { describe, expect, it } from 'vitest';
import { validationDetails } from '../../core/src/test-helpers.ts';
import { parseStack, stackProgress, triggerKey, type HeldCredential, type Stack } from './stacks.ts';

const body = {
  id: 'digital-skills',
  name: 'Digital skills',
  description: 'Three micro-credentials in digital skills.',
  issuerId: 'uni',
  achievementIds: ['search', 'evaluate', 'create'],
  requires: 'all',
  awards: 'digital-skills-certificate',
};

const detailsOf = (value: unknown) => validationDetails(() => parseStack(value));

const credential = (achievementId: string, n: number, status?: HeldCredential['status']): HeldCredential => ({
  credentialId: `c-${achievementId}-${n}`,
  achievementId,
  issuedAt: `2026-0${n}-01T00:00:00Z`,
  credentialUrl: `https://badges.uni.edu/credentials/c-${achievementId}-${n}.json`,
  ...(status ? { status } : {}),
});

describe('Stack', () => {
  it('accepts "all" and {atLeast}', () => {
    expect(parseStack(body).requires).toBe('all');
    expect(parseStack({ ...body, requires: { atLeast: 2 } }).requires).toEqual({ atLeast: 2 });
  });

  it('names atLeast above the number of components', () => {
    expect(detailsOf({ ...body, requires: { atLeast: 4 } })).toEqual([{ path: 'requires.atLeast', message: 'at least 4 of 3 components can never be met' }]);
  });

  it('names the awarded achievement listed among its own components', () => {
    expect(detailsOf({ ...body, awards: 'evaluate' })).toEqual([{ path: 'awards', message: 'evaluate cannot be both awarded by the stack and one of its components' }]);
  });

  it('names each repeated component, and counts distinct ones for atLeast', () => {
    expect(detailsOf({ ...body, achievementIds: ['search', 'evaluate', 'search'], requires: { atLeast: 3 } })).toEqual([
      { path: 'achievementIds.2', message: 'search is already listed at achievementIds.0' },
      { path: 'requires.atLeast', message: 'at least 3 of 2 components can never be met' },
    ]);
  });

  it('names missing and malformed fields', () => {
    const paths = detailsOf({ ...body, name: ' ', achievementIds: ['search'], requires: { atLeast: 0 }, awards: 'a b', extra: 1 }).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'achievementIds', 'requires.atLeast', 'awards', '(root)']));
  });
});

describe('stackProgress', () => {
  const stack: Stack = parseStack(body);

  it('counts the components held and names the credential of each', () => {
    // Act
    const progress = stackProgress(stack, [credential('search', 1), credential('create', 2), credential('unrelated', 3)]);

    // Assess
    expect(progress).toEqual({
      stackId: 'digital-skills',
      held: 2,
      required: 3,
      complete: false,
      components: [
        { achievementId: 'search', held: true, credentialId: 'c-search-1', credentialUrl: 'https://badges.uni.edu/credentials/c-search-1.json' },
        { achievementId: 'evaluate', held: false },
        { achievementId: 'create', held: true, credentialId: 'c-create-2', credentialUrl: 'https://badges.uni.edu/credentials/c-create-2.json' },
      ],
    });
  });

  it('is complete with all components, or with atLeast of them', () => {
    const all = [credential('search', 1), credential('evaluate', 2), credential('create', 3)];
    expect(stackProgress(stack, all)).toMatchObject({ held: 3, required: 3, complete: true });
    expect(stackProgress({ ...stack, requires: { atLeast: 2 } }, all.slice(1))).toMatchObject({ held: 2, required: 2, complete: true });
    expect(stackProgress({ ...stack, requires: { atLeast: 2 } }, all.slice(2))).toMatchObject({ held: 1, required: 2, complete: false });
  });

  it('ignores revoked and suspended credentials, and counts one held twice once, naming the first issued', () => {
    // Act
    const progress = stackProgress(stack, [credential('search', 1, 'REVOKED'), credential('evaluate', 2, 'SUSPENDED'), credential('create', 5, 'ACTIVE'), credential('create', 3)]);

    // Assess
    expect(progress).toMatchObject({ held: 1, complete: false });
    expect(progress.components).toEqual([
      { achievementId: 'search', held: false },
      { achievementId: 'evaluate', held: false },
      { achievementId: 'create', held: true, credentialId: 'c-create-3', credentialUrl: 'https://badges.uni.edu/credentials/c-create-3.json' },
    ]);
  });
});

describe('triggerKey', () => {
  it('is one key per earner and stack, whatever the case or spacing of the address', () => {
    const key = triggerKey(stack(), 'Ada@Example.org ');
    expect(triggerKey(stack(), 'ada@example.org')).toBe(key);
    expect(triggerKey(stack(), 'bob@example.org')).not.toBe(key);
    expect(triggerKey({ id: 'other-stack' }, 'ada@example.org')).not.toBe(key);
  });

  it('keeps the address out of the key and fits an event id (≤ 200 characters)', () => {
    const key = triggerKey({ id: 'x'.repeat(100) }, 'ada@example.org');
    expect(key).not.toMatch(/ada|example/);
    expect(key.length).toBeLessThanOrEqual(200);
    expect(triggerKey(stack(), 'ada@example.org')).toMatch(/^digital-skills:[0-9a-f]{64}$/);
  });

  function stack() {
    return parseStack(body);
  }
});
