import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appendEntry, GENESIS_HASH, verifyChain, type AuditEntry, type AuditFields } from './audit.ts';
import { canonicalJson } from './canonical-json.ts';

const T0 = Date.parse('2026-12-02T10:00:00Z');
const fields = (n: number): AuditFields => ({
  at: new Date(T0 + n * 60_000),
  actor: n % 2 ? 'designer@uni.edu' : 'qa@uni.edu',
  roles: n % 2 ? ['designer'] : ['qa-manager'],
  action: n % 2 ? 'achievement.edited' : 'achievement.published',
  entity: 'achievement',
  entityId: `a-${n}`,
  summary: `change ${n}`,
});

function chain(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let n = 1; n <= length; n++) entries.push(appendEntry(entries.at(-1), fields(n)));
  return entries;
}

/** Re-links `entries` from the first on, as someone rewriting the log with Tessera's own code would. */
const relinked = (entries: AuditEntry[]) =>
  entries.reduce<AuditEntry[]>((out, { seq: _s, hash: _h, prevHash: _p, at, ...rest }) => [...out, appendEntry(out.at(-1), { ...rest, at: new Date(at) })], []);

describe('appendEntry', () => {
  it('numbers entries from 1, chains each to the previous hash, the first to the genesis hash', () => {
    // Act
    const [first, second] = chain(2);

    // Assess
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, at: '2026-12-02T10:01:00.000Z', actor: 'designer@uni.edu', action: 'achievement.edited' });
    expect(second).toMatchObject({ seq: 2, prevHash: first!.hash });
    expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes SHA-256(prevHash ‖ JCS(entry without hash)), recomputable outside Tessera', () => {
    // Prepare
    const entry = appendEntry(undefined, fields(1));
    const { hash, ...content } = entry;

    // Act
    const recomputed = createHash('sha256')
      .update(GENESIS_HASH + canonicalJson(content))
      .digest('hex');

    // Assess
    expect(hash).toBe(recomputed);
  });

  it('refuses to write an entry verifyChain would call malformed', () => {
    expect(() => appendEntry(undefined, { ...fields(1), actor: '' })).toThrow(/actor/);
    expect(() => appendEntry(undefined, { ...fields(1), action: 'achievement.deleted' as never })).toThrow(/action/);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and reports its head', () => {
    const entries = chain(5);
    expect(verifyChain(entries)).toEqual({ ok: true, entries: 5, head: { seq: 5, hash: entries[4]!.hash } });
    expect(verifyChain([])).toEqual({ ok: true, entries: 0 });
  });

  it.each([
    ['at', '2026-12-02T11:00:00.000Z'],
    ['actor', 'mallory@uni.edu'],
    ['roles', ['admin']],
    ['action', 'achievement.retired'],
    ['entity', 'stack'],
    ['entityId', 'a-999'],
    ['summary', 'nothing to see'],
  ])('finds entry 3 changed when its %s is edited', (field, value) => {
    // Prepare
    const entries = chain(5);
    entries[2] = { ...entries[2]!, [field]: value };

    // Act + Assess
    expect(verifyChain(entries)).toEqual({ ok: false, brokenAt: 3, reason: "hash does not match the entry's content: entry 3 was changed" });
  });

  it('finds entry 3 broken when its hash, prevHash or seq is edited', () => {
    const withHash = chain(5);
    withHash[2] = { ...withHash[2]!, hash: 'f'.repeat(64) };
    const withPrev = chain(5);
    withPrev[2] = { ...withPrev[2]!, prevHash: 'f'.repeat(64) };
    const withSeq = chain(5);
    withSeq[2] = { ...withSeq[2]!, seq: 7 };

    expect(verifyChain(withHash)).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringMatching(/entry 3 was changed/) });
    expect(verifyChain(withPrev)).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringMatching(/prevHash is not the hash of entry 2/) });
    expect(verifyChain(withSeq)).toMatchObject({ ok: false, brokenAt: 7, reason: 'seq 7 where 3 was expected: an entry is missing, repeated or out of order' });
  });

  it('finds a deleted entry at the one after it', () => {
    const entries = chain(5);
    entries.splice(2, 1);
    expect(verifyChain(entries)).toMatchObject({ ok: false, brokenAt: 4, reason: expect.stringMatching(/where 3 was expected/) });
  });

  it('finds a deleted entry even when the later ones are renumbered and re-hashed, given a recorded head', () => {
    // Prepare
    const original = chain(5);
    const head = { seq: 5, hash: original[4]!.hash };
    const rewritten = relinked([...original.slice(0, 2), ...original.slice(3)]);

    // Act + Assess: consistent in itself, but not with what was recorded
    expect(verifyChain(rewritten)).toMatchObject({ ok: true, entries: 4 });
    expect(verifyChain(rewritten, { knownHead: head })).toMatchObject({ ok: false, brokenAt: 5, reason: expect.stringMatching(/ends at seq 4, before the recorded head 5/) });
  });

  it('finds the last entry deleted only against a recorded head', () => {
    const entries = chain(5);
    const head = { seq: 5, hash: entries[4]!.hash };
    expect(verifyChain(entries.slice(0, 4))).toMatchObject({ ok: true });
    expect(verifyChain(entries.slice(0, 4), { knownHead: head })).toMatchObject({ ok: false, brokenAt: 5 });
  });

  it('finds two entries swapped', () => {
    const entries = chain(5);
    [entries[1], entries[2]] = [entries[2]!, entries[1]!];
    expect(verifyChain(entries)).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringMatching(/where 2 was expected/) });
  });

  it('finds an inserted entry: naively at the next original one, re-linked against a recorded head', () => {
    // Prepare
    const original = chain(5);
    const forged = appendEntry(original[1], { ...fields(99), summary: 'backdated approval' });
    const naive = [...original.slice(0, 2), forged, ...original.slice(2)];
    const rewritten = relinked(naive);

    // Act + Assess
    expect(verifyChain(naive)).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringMatching(/where 4 was expected/) });
    expect(verifyChain(rewritten, { knownHead: { seq: 5, hash: original[4]!.hash } })).toMatchObject({
      ok: false,
      brokenAt: 5,
      reason: expect.stringMatching(/not the recorded head/),
    });
  });

  it('verifies a page that continues from a known entry, and refuses a malformed entry by its seq', () => {
    const entries = chain(5);
    expect(verifyChain(entries.slice(2), { after: entries[1]! })).toMatchObject({ ok: true, entries: 3 });
    expect(verifyChain(entries.slice(2))).toMatchObject({ ok: false, brokenAt: 3 });
    const malformed = [...entries.slice(0, 3), { ...entries[3]!, roles: ['superuser'] }];
    expect(verifyChain(malformed)).toMatchObject({ ok: false, brokenAt: 4, reason: expect.stringMatching(/entry 4 is malformed: roles\.0/) });
  });
});
