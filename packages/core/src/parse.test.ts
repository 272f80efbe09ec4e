import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from './errors.ts';
import { parseJsonWith } from './parse.ts';

const Thing = z.object({ name: z.string().min(1), size: z.number() }).strict();

describe('parsing at the edge', () => {
  it('returns the parsed value', () => {
    expect(parseJsonWith(Thing, '{"name":"a","size":1}', 'thing')).toEqual({ name: 'a', size: 1 });
  });

  it('names each bad field', () => {
    const attempt = () => parseJsonWith(Thing, '{"name":"","size":"big"}', 'thing');
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).details.map((d) => d.path)).toEqual(['name', 'size']);
      expect((error as ValidationError).message).toMatch(/^invalid thing: name: .*; size: /);
    }
  });

  it('says when the text is not JSON at all', () => {
    expect(() => parseJsonWith(Thing, '{"name":', 'thing')).toThrow('thing is not valid JSON');
  });
});
