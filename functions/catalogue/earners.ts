// An earner as the admin sees them: every credential issued to an e-mail address with its status,
// their progress through each published stack their credentials count toward, and, on a stacked
// credential, its components, flagged when one was revoked or suspended since (the stacked
// credential itself stands: a component's later revocation does not cascade).
import { stackProgress } from '@tessera/catalogue';
import { parseWith, type CredentialStatus } from '@tessera/core';
import type { EarnerCredential, StackRule } from '@tessera/store';
import * as z from 'zod';
import type { Dependencies } from '../shared/dependencies.ts';
import { json } from '../shared/http.ts';
import { STACK_SOURCE_ID } from '@tessera/catalogue/stacks';
import type { AdminRoutes } from '../shared/admin-router.ts';

const EarnerEmail = z.email().max(320);

type Component = { credentialId?: string; achievementId?: string; credentialUrl: string; status?: CredentialStatus };
/** Why an admin should look at a stacked credential again. */
type Flag = 'component-revoked' | 'component-suspended' | 'component-unknown';

/** The stacked credential's components, from the evidence its submission carried (their URLs). */
async function stackedComponents(deps: Dependencies, credential: EarnerCredential, byUrl: Map<string, EarnerCredential>) {
  const submission = await deps.store.submissions.get(credential.submissionId);
  if (submission?.sourceId !== STACK_SOURCE_ID) return undefined;
  const components: Component[] = submission.evidence.flatMap((e) => {
    if (!e.url) return [];
    const held = byUrl.get(e.url);
    return [held ? { credentialId: held.credentialId, achievementId: held.achievementId, credentialUrl: e.url, status: held.status } : { credentialUrl: e.url }];
  });
  const flags = new Set<Flag>();
  for (const c of components) {
    if (c.status === 'REVOKED') flags.add('component-revoked');
    else if (c.status === 'SUSPENDED') flags.add('component-suspended');
    else if (!c.status) flags.add('component-unknown');
  }
  // The event id is `<stackId>:<earner hash>` (triggerKey); stack ids hold no ':'.
  return { stackId: submission.eventId.split(':')[0], components, flags: [...flags] };
}

export async function earnerCredentials(deps: Dependencies, email: string) {
  const held = await deps.store.credentials.listByEarner(email);
  const byUrl = new Map(held.map((c) => [c.credentialUrl, c]));
  const credentials = await Promise.all(
    held.map(async (c) => {
      const stacked = await stackedComponents(deps, c, byUrl);
      const { submissionId: _submissionId, ...listed } = c;
      return { ...listed, ...(stacked ? { stacked } : {}) };
    }),
  );

  const rules = new Map<string, StackRule>();
  for (const achievementId of new Set(held.map((c) => c.achievementId))) {
    for (const rule of await deps.store.stacks.publishedContaining(achievementId)) rules.set(rule.stackId, rule);
  }
  const progress = [...rules.values()].map((rule) => {
    const { held: count, required, complete } = stackProgress({ id: rule.stackId, achievementIds: rule.achievementIds, requires: rule.requires }, held);
    return { stackId: rule.stackId, name: rule.name, held: count, required, complete, awards: rule.awards };
  });
  return { credentials, progress };
}

export const earnerRoutes: AdminRoutes = {
  'GET /admin/earners/{email}/credentials': {
    summary: 'An earner’s credentials, their progress through each stack, and stacked credentials with a revoked component',
    action: 'earner.read',
    async handle({ deps, params }) {
      const email = parseWith(EarnerEmail, params.email ?? '', 'e-mail address in the path');
      return json(200, await earnerCredentials(deps, email));
    },
  },
};
