// Release: build the Open Badges 3.0 credential, sign it through the Signer port, check it
// against the strict 1EdTech schema, store it once and publish it at a stable public URL, with
// the badge image baked as PNG and SVG beside it.
// Safe to retry at any point: a second run finds the stored credential and finishes the job.
// Each credential carries its status list entries (allocated before signing: they are signed).
// An issuer with `vc-jwt` among its proofFormats also gets the same credential as a VC-JWT, `{id}.jwt`.
// A catalogue achievement's EU micro-credential facts travel in it (the extension), with the issuer's
// country, and the record keeps the achievement version it was issued under.
// Last, the badge page (badges/{id}): the static HTML page the earner's mail links to.
// The approval is no step of its own: the submission becomes APPROVED in the write that stores its
// credential, and only if it may (approvalOf), so nothing is signed for a submission not approved.
import { randomUUID } from 'node:crypto';
import { ConflictError, Decision, IssuanceError, NotFoundError, publicPaths, publicUrl, type Achievement, type CredentialRecord, type Submission } from '@tessera/core';
import type { SubmissionApproval } from '@tessera/store';
import { APPROVED_NOTE } from '@tessera/workflow';
import { bakedBadges } from '@tessera/badges';
import { VC_JWT_MEDIA_TYPE, buildOpenBadgeCredential, hashRecipientEmail, newSalt, signCredential, signCredentialJwt, validateCredentialSchema } from '@tessera/credentials';
import type { Dependencies } from '../shared/dependencies.ts';
import { achievementExtension } from '@tessera/catalogue';
import {
  allocateStatusEntries,
  ensureDidDocumentPublished,
  ensureStatusListPublished,
  issuerAddress,
  jwtSigningIdentity,
  publishBadgePage,
  signingIdentity,
} from '@tessera/issuance';

/** What Notify needs of the credential, handed on by the workflow so that it need not read it again. */
export type ReleasedCredential = { credentialId: string; credentialUrl: string; issuedAt: string; expiresAt?: string };

export async function releaseCredential(deps: Dependencies, submissionId: string): Promise<ReleasedCredential> {
  // One Query for the submission and the credential pointer beside it (a retry finds the credential).
  const { submission, credential: stored } = await deps.store.credentials.getSubmissionWithCredential(submissionId);
  if (!submission) throw new NotFoundError(`no submission '${submissionId}'`);

  const issued = stored ? undefined : await issue(deps, submission);
  const record = stored ?? issued!.record;
  await ensureDidDocumentPublished(deps);
  const credentialJson = JSON.stringify(record.credential, null, 2);
  await deps.publicSite.publish({
    path: publicPaths.credential(record.id),
    body: credentialJson,
    contentType: 'application/json',
    immutable: true,
  });
  if (record.jwt) {
    await deps.publicSite.publish({ path: publicPaths.credentialJwt(record.id), body: record.jwt, contentType: VC_JWT_MEDIA_TYPE, immutable: true });
  }
  // Its lists must be out before anyone is told of the credential (a verifier fetches them).
  // Known published when this run took the indexes (the usual case: no read); otherwise read and published if need be.
  if (!issued?.listsPublished) for (const position of record.statusEntries ?? []) await ensureStatusListPublished(deps, record.issuerId, position);
  await publishBakedBadges(deps, record, credentialJson);
  // The page a person opens (the mail links to it); after the images and the JSON it shows and loads.
  await publishBadgePage(deps, record);
  await deps.store.submissions.transition(submission.id, 'ISSUED', {
    at: deps.clock.now().toISOString(),
    note: `credential ${record.id} published`,
    patch: { credentialId: record.id, credentialUrl: record.url },
  });
  const expiresAt = typeof record.credential.validUntil === 'string' ? record.credential.validUntil : undefined;
  return { credentialId: record.id, credentialUrl: record.url, issuedAt: record.issuedAt, ...(expiresAt ? { expiresAt } : {}) };
}

/** Rendered from the stored credential (names, issuer) and the achievement's design, so a retry
 *  republishes the same bytes unless someone changed the design in between. */
async function publishBakedBadges(deps: Dependencies, record: CredentialRecord, credentialJson: string): Promise<void> {
  const achievement = await deps.store.achievements.get(record.achievementId);
  const baked = bakedBadges(credentialJson, achievement?.design, deps.badgePictures);
  await Promise.all([
    deps.publicSite.publish({ path: publicPaths.bakedBadge(record.id, 'png'), body: baked.png, contentType: 'image/png', immutable: true }),
    deps.publicSite.publish({ path: publicPaths.bakedBadge(record.id, 'svg'), body: baked.svg, contentType: 'image/svg+xml', immutable: true }),
  ]);
}

function assertConformant(credential: unknown): void {
  const schema = validateCredentialSchema(credential);
  if (!schema.ok) {
    throw new IssuanceError(`the credential does not conform to the OB 3.0 schema: ${schema.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  }
}

/** `listsPublished`: this run stored the credential, and its status lists were published already. */
async function issue(deps: Dependencies, submission: Submission): Promise<{ record: CredentialRecord; listsPublished: boolean }> {
  const [issuer, achievement] = await Promise.all([deps.store.issuers.get(submission.issuerId), deps.store.achievements.get(submission.achievementId)]);
  if (!issuer) throw new NotFoundError(`no issuer '${submission.issuerId}'`);
  if (!achievement) throw new NotFoundError(`no achievement '${submission.achievementId}'`);
  const approval = approvalOf(submission, achievement, deps.clock.now().toISOString());
  const identity = await signingIdentity(deps);
  const base = deps.config.publicBaseUrl;
  const id = randomUUID();
  const credentialUrl = publicUrl(base, publicPaths.credential(id));
  const issuedAt = deps.clock.now();
  const salt = newSalt();
  const status = await allocateStatusEntries(deps, issuer.id);
  // The EU micro-credential facts of the version that issues now (absent on an achievement outside
  // the catalogue), with what it stacks into: the achievements its published stacks award.
  const stacksInto = (await deps.store.stacks.publishedContaining(achievement.id)).map((stack) => publicUrl(base, publicPaths.achievement(stack.awards)));
  const extension = achievementExtension(achievement, stacksInto);
  const address = issuerAddress(issuer);

  const unsigned = buildOpenBadgeCredential({
    credentialUrl,
    issuer: { did: identity.did, name: issuer.name, url: issuer.url, email: issuer.email, ...(address ? { address } : {}) },
    achievement,
    achievementUrl: publicUrl(base, publicPaths.achievement(achievement.id)),
    recipient: submission.recipient,
    salt,
    evidence: submission.evidence,
    issuedAt,
    credentialStatus: status.entries,
    ...(extension ? { achievementExtension: extension } : {}),
  });
  // Checked before signing (nothing non-conformant is ever signed) and after (the proof's own shape).
  assertConformant(unsigned);
  const credential = await signCredential(unsigned, { signer: deps.signer, verificationMethod: identity.verificationMethod, created: issuedAt });
  assertConformant(credential);
  const jwt = issuer.proofFormats?.includes('vc-jwt') ? await signJwt(deps, credential, issuedAt) : undefined;
  const candidate: CredentialRecord = {
    id,
    submissionId: submission.id,
    issuerId: issuer.id,
    achievementId: achievement.id,
    ...(achievement.version ? { achievementVersion: achievement.version } : {}),
    recipientHash: hashRecipientEmail(submission.recipient.email, salt),
    url: credentialUrl,
    issuedAt: issuedAt.toISOString(),
    credential,
    ...(jwt ? { jwt } : {}),
    status: 'ACTIVE',
    statusEntries: status.positions,
    statusHistory: [],
  };
  // The earner index keys it by the hash of the address (docs/STACKS.md).
  const { record, created } = await deps.store.credentials.putOnce(candidate, { earnerEmail: submission.recipient.email, ...(approval ? { approval } : {}) });
  // Another run's credential won: its lists are not the ones this run saw.
  return { record, listsPublished: created && status.allPublished };
}

/**
 * Whether this submission may be released, and the approval to write with its credential: none when
 * it is APPROVED already (a retry, or an execution from before the approval moved here, whose Approve
 * step wrote it). From RECEIVED only under the auto policy; from IN_REVIEW only with an approve
 * decision on record. Anything else (manual policy without a decision, a rejection, an end status)
 * is refused before an index is taken or anything signed.
 */
export function approvalOf(submission: Submission, achievement: Pick<Achievement, 'qaPolicy'>, at: string): SubmissionApproval | undefined {
  if (submission.status === 'APPROVED') return undefined;
  if (submission.status === 'RECEIVED' && achievement.qaPolicy === 'auto') return { from: 'RECEIVED', at, note: APPROVED_NOTE };
  if (submission.status === 'IN_REVIEW' && submission.review?.decision === Decision.enum.approve) return { from: 'IN_REVIEW', at, note: APPROVED_NOTE };
  const why =
    submission.status === 'RECEIVED'
      ? `its achievement's QA policy is ${achievement.qaPolicy}: it needs a review`
      : submission.status === 'IN_REVIEW'
        ? submission.review
          ? `its review decision is ${submission.review.decision}`
          : 'it has no review decision yet'
        : 'it has ended';
  throw new ConflictError(`submission ${submission.id} is ${submission.status} and not approved (${why}): no credential is released`);
}

/** Signed after the Data Integrity proof and the schema check, so both forms say the same thing. */
async function signJwt(deps: Dependencies, credential: Record<string, unknown>, issuedAt: Date): Promise<string> {
  const identity = await jwtSigningIdentity(deps);
  return signCredentialJwt(credential, { signer: identity.signer, kid: identity.verificationMethod, issuedAt });
}
