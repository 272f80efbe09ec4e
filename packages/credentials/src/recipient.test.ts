import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashRecipientEmail, newSalt } from './recipient.ts';

describe('hashRecipientEmail', () => {
  it('is sha256$ followed by the hex SHA-256 of the address and the salt', () => {
    // Prepare
    const expected = createHash('sha256')
      .update('ada@example.org' + 'pepper')
      .digest('hex');

    // Act
    const hash = hashRecipientEmail('ada@example.org', 'pepper');

    // Assess
    expect(hash).toBe(`sha256$${expected}`);
  });

  it('gives the same hash whatever the case of the address', () => {
    // Act
    const hash = hashRecipientEmail('Ada@Example.ORG', 'pepper');

    // Assess
    expect(hash).toBe(hashRecipientEmail('ada@example.org', 'pepper'));
  });
});

describe('newSalt', () => {
  it('gives a different 128-bit hex salt each time', () => {
    // Act
    const salts = [newSalt(), newSalt()];

    // Assess
    expect(salts[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(salts[0]).not.toBe(salts[1]);
  });
});
