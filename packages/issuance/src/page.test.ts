import { describe, expect, it } from 'vitest';
import { h } from '@tessera/core';
import { formatInstant, page } from './page.ts';

describe('page', () => {
  it('formats instants for people, in UTC', () => {
    expect(formatInstant('2026-12-05T18:47:12.817Z')).toBe('5 December 2026 at 18:47 UTC');
  });

  it('escapes the title and keeps the body as given', () => {
    const html = page('<Review>', h`<p>${'a&b'}</p>`);
    expect(html).toContain('<title>&lt;Review&gt; · Tessera</title>');
    expect(html).toContain('<p>a&amp;b</p>');
  });
});
