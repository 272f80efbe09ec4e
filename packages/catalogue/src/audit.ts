// The audit log's hash chain: each entry's hash covers its content and the previous entry's hash,
// so editing, deleting, inserting or reordering an entry breaks the chain at a findable place.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { canonicalJson } from './canonical-json.ts';
import { Role } from './roles.ts';

/** The governance actions issue 8 lists: `{entity}.{what happened}`. */
export const AUDIT_ACTIONS = [
  'user.created',
  'framework.imported',
  'achievement.created',
  'achievement.edited',
  'achievement.published',
  'achievement.retired',
  'stack.created',
  'stack.edited',
  'stack.published',
  'stack.retired',
  'review.decided',
  'credential.revoked',
  'credential.suspended',
  'credential.reinstated',
  'source.created',
  'source.rotated',
  'bulk.submitted',
  'source.updated',
  'source.learners',
  'source.replayed',
] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

/** The hash the first entry chains to. */
export const GENESIS_HASH = '0'.repeat(64);

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256');

export const AuditEntry = z
  .object({
    seq: z.number().int().min(1),
    at: z.iso.datetime(),
    actor: z.string().min(1),
    roles: z.array(Role),
    action: AuditAction,
    entity: z.string().min(1),
    entityId: z.string().min(1),
    summary: z.string(),
    prevHash: sha256Hex,
    hash: sha256Hex,
  })
  .strict();
export type AuditEntry = z.infer<typeof AuditEntry>;

/** What the caller says happened; seq, hashes and (by default) the time are the chain's. */
export type AuditFields = Pick<AuditEntry, 'actor' | 'action' | 'entity' | 'entityId' | 'summary'> & { roles: readonly Role[]; at?: Date };

/** SHA-256(prevHash ‖ JCS(entry without hash)), hex. prevHash is inside the entry as well: the
 *  leading copy is the issue's formula, kept so an outside script can follow it literally. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { hash: _ignored, ...content } = entry as AuditEntry;
  return createHash('sha256').update(entry.prevHash, 'utf8').update(canonicalJson(content), 'utf8').digest('hex');
}

/** The entry that follows `prev` (undefined: the first of the log). Throws (a ZodError) rather than
 *  write an entry that verifyChain would later call malformed. */
export function appendEntry(prev: Pick<AuditEntry, 'seq' | 'hash'> | undefined, fields: AuditFields): AuditEntry {
  const { at = new Date(), ...rest } = fields;
  const content = { seq: (prev?.seq ?? 0) + 1, at: at.toISOString(), ...rest, roles: [...rest.roles], prevHash: prev?.hash ?? GENESIS_HASH };
  return AuditEntry.parse({ ...content, hash: entryHash(content) });
}

export type ChainVerdict = { ok: true; entries: number; head?: { seq: number; hash: string } } | { ok: false; brokenAt: number; reason: string };

export type VerifyChainOptions = {
  /** Where `entries` continue from: the entry before the first one given. Default: the log's start. */
  after?: { seq: number; hash: string };
  /** A head recorded elsewhere (printed by a previous verify, kept off-system): a log rewritten from
   *  some point on, with every later hash recomputed, is consistent in itself but not with this. */
  knownHead?: { seq: number; hash: string };
};

/** Recomputes the chain over `entries` (in log order) and reports the first broken link. */
export function verifyChain(entries: readonly unknown[], options: VerifyChainOptions = {}): ChainVerdict {
  let prev = options.after ?? { seq: 0, hash: GENESIS_HASH };
  for (const [index, raw] of entries.entries()) {
    const expectedSeq = prev.seq + 1;
    const parsed = AuditEntry.safeParse(raw);
    if (!parsed.success) {
      const seq = typeof (raw as { seq?: unknown })?.seq === 'number' ? (raw as { seq: number }).seq : expectedSeq;
      const issue = parsed.error.issues[0]!;
      return { ok: false, brokenAt: seq, reason: `entry ${index + 1} is malformed: ${issue.path.join('.') || '(root)'}: ${issue.message}` };
    }
    const entry = parsed.data;
    if (entry.seq !== expectedSeq) {
      const reason = `seq ${entry.seq} where ${expectedSeq} was expected: an entry is missing, repeated or out of order`;
      return { ok: false, brokenAt: entry.seq, reason };
    }
    if (entry.prevHash !== prev.hash) {
      return { ok: false, brokenAt: entry.seq, reason: `prevHash is not the hash of entry ${prev.seq}: an entry was changed, removed or inserted before it` };
    }
    if (entryHash(entry) !== entry.hash) {
      return { ok: false, brokenAt: entry.seq, reason: `hash does not match the entry's content: entry ${entry.seq} was changed` };
    }
    if (options.knownHead?.seq === entry.seq && options.knownHead.hash !== entry.hash) {
      return { ok: false, brokenAt: entry.seq, reason: `entry ${entry.seq} is not the recorded head: the log was rewritten up to here` };
    }
    prev = entry;
  }
  if (options.knownHead && options.knownHead.seq > prev.seq) {
    return { ok: false, brokenAt: prev.seq + 1, reason: `the log ends at seq ${prev.seq}, before the recorded head ${options.knownHead.seq}: entries were removed from its end` };
  }
  return { ok: true, entries: entries.length, ...(entries.length ? { head: { seq: prev.seq, hash: prev.hash } } : {}) };
}
