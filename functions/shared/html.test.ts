import { describe, expect, it } from 'vitest';
import { formatInstant, h } from './html.ts';

describe('html', () => {
  it('escapes every interpolated value', () => {
    expect(h`<p>${'<script>alert("x")</script>'}</p>`.value).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
  });

  it('does not escape nested fragments twice', () => {
    expect(h`<ul>${['a&b'].map((x) => h`<li>${x}</li>`)}</ul>`.value).toBe('<ul><li>a&amp;b</li></ul>');
  });

  it('formats instants for people, in UTC', () => {
    expect(formatInstant('2026-12-05T18:47:12.817Z')).toBe('5 December 2026 at 18:47 UTC');
  });
});
