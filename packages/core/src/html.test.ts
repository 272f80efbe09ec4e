import { describe, expect, it } from 'vitest';
import { escapeHtml, h } from './html.ts';

describe('html', () => {
  it('escapes every interpolated value', () => {
    expect(h`<p>${'<script>alert("x")</script>'}</p>`.value).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
  });

  it('does not escape nested fragments twice', () => {
    expect(h`<ul>${['a&b'].map((x) => h`<li>${x}</li>`)}</ul>`.value).toBe('<ul><li>a&amp;b</li></ul>');
  });

  it('escapes both quote kinds, so a value cannot leave a quoted attribute', () => {
    expect(escapeHtml(`" onload='x'`)).toBe('&quot; onload=&#39;x&#39;');
  });
});
