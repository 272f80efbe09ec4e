// Stacks: achievements that together earn another. The body an admin posts, an earner's progress
// through one, and the key that makes the stacked award happen once per earner and stack.
import { createHash } from 'node:crypto';
import { parseWith, type CredentialStatus } from '@tessera/core';
import * as z from 'zod';

const text = z.string().trim().min(1);
/** Ids go into store keys and the stacked award's event id (at most 200 characters, with the hash). */
const id = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._~-]+$/, 'may hold only letters, digits and . _ ~ -');

export const Requirement = z.union([z.literal('all'), z.object({ atLeast: z.number().int().min(1) }).strict()]);
export type Requirement = z.infer<typeof Requirement>;

export const Stack = z
  .object({
    id,
    name: text,
    description: text,
    issuerId: text,
    achievementIds: z.array(id).min(2, 'a stack combines at least two achievements'),
    requires: Requirement,
    awards: id,
  })
  .strict()
  .superRefine((stack, ctx) => {
    const first = new Map<string, number>();
    stack.achievementIds.forEach((achievementId, index) => {
      const earlier = first.get(achievementId);
      if (earlier !== undefined) ctx.addIssue({ code: 'custom', path: ['achievementIds', index], message: `${achievementId} is already listed at achievementIds.${earlier}` });
      else first.set(achievementId, index);
    });
    if (typeof stack.requires === 'object' && stack.requires.atLeast > first.size) {
      ctx.addIssue({ code: 'custom', path: ['requires', 'atLeast'], message: `at least ${stack.requires.atLeast} of ${first.size} components can never be met` });
    }
    if (first.has(stack.awards)) {
      ctx.addIssue({ code: 'custom', path: ['awards'], message: `${stack.awards} cannot be both awarded by the stack and one of its components` });
    }
  });
export type Stack = z.infer<typeof Stack>;

export function parseStack(value: unknown): Stack {
  return parseWith(Stack, value, 'stack');
}

/** One of the earner's credentials, as the store lists them for an e-mail address. */
export type HeldCredential = {
  credentialId: string;
  achievementId: string;
  issuedAt: string;
  credentialUrl: string;
  /** Absent on credentials released before status lists: they are active. */
  status?: CredentialStatus;
};

export type ComponentProgress = { achievementId: string; held: false } | { achievementId: string; held: true; credentialId: string; credentialUrl: string };

export type StackProgress = { stackId: string; held: number; required: number; complete: boolean; components: ComponentProgress[] };

/** How far an earner is through `stack`. Only active credentials count: a revoked one never again,
 *  a suspended one not while suspended. Of several for one component, the first issued is named. */
export function stackProgress(stack: Pick<Stack, 'id' | 'achievementIds' | 'requires'>, heldCredentials: readonly HeldCredential[]): StackProgress {
  const components = stack.achievementIds.map((achievementId): ComponentProgress => {
    const [first] = heldCredentials
      .filter((c) => c.achievementId === achievementId && (c.status ?? 'ACTIVE') === 'ACTIVE')
      .sort((a, b) => a.issuedAt.localeCompare(b.issuedAt) || a.credentialId.localeCompare(b.credentialId));
    return first ? { achievementId, held: true, credentialId: first.credentialId, credentialUrl: first.credentialUrl } : { achievementId, held: false };
  });
  const held = components.filter((c) => c.held).length;
  const required = stack.requires === 'all' ? stack.achievementIds.length : stack.requires.atLeast;
  return { stackId: stack.id, held, required, complete: held >= required, components };
}

/** The source of every stacked award's submission; no webhook source may take this id. */
export const STACK_SOURCE_ID = 'stack';

/** The stacked award's event id (source `stack`): one per earner and stack, whatever triggers it
 *  and how often, so intake's (source, event) idempotency makes the award happen once. The address
 *  is hashed (lower-cased, trimmed) to keep it out of keys and logs. */
export function triggerKey(stack: Pick<Stack, 'id'>, email: string): string {
  return `${stack.id}:${earnerHash(email)}`;
}

/** An earner as the store and the stacked award's event id name them: SHA-256 (hex) of the
 *  trimmed, lower-cased address. Unsalted on purpose, so one address finds all its credentials;
 *  docs/STORE.md says what that reveals to someone who can read the table. */
export function earnerHash(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('hex');
}
