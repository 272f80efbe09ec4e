// Revoke, suspend or reinstate a released credential: the credential's status and its bit in the
// issuer's status list change together (one transaction, optimistic on the list's version), the
// audit trail records who, when and why, and the list is re-signed and republished, then the
// credential's badge page rewritten to say so.
import type { Actor, AuditAction } from '@tessera/catalogue';
import {
  ConflictError,
  CredentialStatusRequest,
  NotFoundError,
  parseJsonWith,
  type CredentialRecord,
  type CredentialStatus,
  type CredentialStatusAction,
  type StatusPurpose,
} from '@tessera/core';
import { StatusListChangedError } from '@tessera/store';
import type { Dependencies } from '../shared/dependencies.ts';
import { bitsOf, publishBadgePage, publishStatusList } from '@tessera/issuance';
import { json } from '../shared/http.ts';
import type { AdminRoute, AdminRoutes } from '../shared/admin-router.ts';

type Transition = { to: CredentialStatus; purpose: StatusPurpose; bit: boolean; audit: AuditAction };

/** Which status each action leads to and which bit it sets; the store allows each move only from
 *  the statuses CREDENTIAL_TRANSITIONS lists (revocation is final, suspension reversible). */
const TRANSITIONS: Record<CredentialStatusAction, Transition> = {
  revoke: { to: 'REVOKED', purpose: 'revocation', bit: true, audit: 'credential.revoked' },
  suspend: { to: 'SUSPENDED', purpose: 'suspension', bit: true, audit: 'credential.suspended' },
  unsuspend: { to: 'ACTIVE', purpose: 'suspension', bit: false, audit: 'credential.reinstated' },
};

/** Concurrent changes to one list each cost the others one more read; this bounds a pathological storm. */
const MAX_ATTEMPTS = 20;

export type CredentialStatusView = Pick<CredentialRecord, 'id' | 'url' | 'status' | 'statusHistory'>;

export async function changeCredentialStatus(
  deps: Dependencies,
  request: { credentialId: string; action: CredentialStatusAction; reason: string; by: string },
): Promise<{ view: CredentialStatusView; from: CredentialStatus | undefined }> {
  const { credentialId, action } = request;
  const transition = TRANSITIONS[action];
  const record = await deps.store.credentials.get(credentialId);
  if (!record) throw new NotFoundError(`no credential '${credentialId}'`);
  const position = record.statusEntries?.find((p) => p.purpose === transition.purpose);
  if (!position || !record.status) {
    const why = transition.purpose === 'suspension' && record.status ? ' (suspension is off: TESSERA_STATUS_SUSPENSION)' : '';
    throw new ConflictError(
      `credential '${credentialId}' was issued without a ${transition.purpose} status entry${why}, so it cannot be ${action === 'revoke' ? 'revoked' : action === 'suspend' ? 'suspended' : 'reinstated'}`,
    );
  }

  let changed: CredentialRecord | undefined;
  for (let attempt = 1; !changed; attempt++) {
    const list = await deps.store.statusLists.get(record.issuerId, position.purpose, position.listNumber);
    if (!list) throw new ConflictError(`status list ${position.purpose} ${position.listNumber} of ${record.issuerId} is missing`);
    const bits = bitsOf(list.encodedList);
    bits.set(position.index, transition.bit);
    try {
      changed = await deps.store.credentials.changeStatus(credentialId, {
        to: transition.to,
        change: { action, status: transition.to, reason: request.reason, by: request.by, at: deps.clock.now().toISOString() },
        list: { issuerId: record.issuerId, purpose: position.purpose, listNumber: position.listNumber, version: list.version, encodedList: bits.encode() },
      });
    } catch (error) {
      if (!(error instanceof StatusListChangedError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
  // Also when nothing changed (a repeated request): a publication that failed last time is made good.
  await publishStatusList(deps, record.issuerId, position);
  // The badge page says it too (for readers without JavaScript, and with the date).
  await publishBadgePage(deps, changed);
  return { view: { id: changed.id, url: changed.url, status: changed.status, statusHistory: changed.statusHistory ?? [] }, from: record.status };
}

/** The status change and, when something changed, its audit entry naming who and why: what the
 *  admin API and the console both do. */
export async function changeCredentialStatusAudited(
  deps: Dependencies,
  actor: Actor,
  request: { credentialId: string; action: CredentialStatusAction; reason: string },
): Promise<CredentialStatusView> {
  const { credentialId, action, reason } = request;
  const { view, from } = await changeCredentialStatus(deps, { credentialId, action, reason, by: actor.id });
  if (from !== view.status) {
    await deps.store.audit.append({
      actor: actor.id,
      roles: actor.roles,
      action: TRANSITIONS[action].audit,
      entity: 'credential',
      entityId: credentialId,
      summary: `${from ?? 'unknown'} → ${view.status}: ${reason}`,
    });
  }
  return view;
}

/** The governed action each status change needs (reinstating is the suspender's business). */
export const CREDENTIAL_STATUS_ACTIONS = { revoke: 'credential.revoke', suspend: 'credential.suspend', unsuspend: 'credential.suspend' } as const satisfies Record<
  CredentialStatusAction,
  string
>;

/** POST /admin/credentials/{id}/{revoke|suspend|unsuspend} with a JSON {reason}; {id} is the id in
 *  the credential's URL (/credentials/{id}.json). The audit entry follows a change only. */
const statusRoute = (action: CredentialStatusAction): AdminRoute => ({
  action: CREDENTIAL_STATUS_ACTIONS[action],
  summary: `${action[0]!.toUpperCase()}${action.slice(1)} a credential (its status list is re-signed and published)`,
  request: { body: CredentialStatusRequest },
  async handle({ deps, actor, params, body }) {
    const { reason } = parseJsonWith(CredentialStatusRequest, body, 'status change (send {"reason": "..."})');
    return json(200, await changeCredentialStatusAudited(deps, actor, { credentialId: params.id ?? '', action, reason }));
  },
});

export const credentialRoutes: AdminRoutes = {
  'POST /admin/credentials/{id}/revoke': statusRoute('revoke'),
  'POST /admin/credentials/{id}/suspend': statusRoute('suspend'),
  'POST /admin/credentials/{id}/unsuspend': statusRoute('unsuspend'),
};
