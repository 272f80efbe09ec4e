import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { validationDetails } from './test-helpers.ts';
import { parseJsonWith } from './parse.ts';

const Thing = z.object({ name: z.string().min(1), size: z.number() }).strict();

describe('parsing at the edge', () => {
  it('returns the parsed value', () => {
    expect(parseJsonWith(Thing, '{"name":"a","size":1}', 'thing')).toEqual({ name: 'a', size: 1 });
  });

  it('names each bad field', () => {
    const attempt = () => parseJsonWith(Thing, '{"name":"","size":"big"}', 'thing');
    expect(attempt).toThrow(/^invalid thing: name: .*; size: /);
    expect(validationDetails(attempt).map((d) => d.path)).toEqual(['name', 'size']);
  });

  it('says when the text is not JSON at all', () => {
    expect(() => parseJsonWith(Thing, '{"name":', 'thing')).toThrow('thing is not valid JSON');
  });
});
