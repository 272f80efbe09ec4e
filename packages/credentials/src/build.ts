// Builds the unsigned OB 3.0 OpenBadgeCredential for one award: the shape the strict
// AchievementCredential schema accepts, with the recipient only as a salted hash.
import type { Achievement, Alignment, Evidence, ResultDescription } from '@tessera/core';
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from './contexts.ts';
import { hashRecipientEmail } from './recipient.ts';
import { ACHIEVEMENT_TYPES } from './achievement-types.ts';
import type { BitstringStatusListEntry } from './status-list.ts';

export type BuildCredentialInput = {
  credentialUrl: string;
  issuer: { did: string; name: string; url: string; email?: string; address?: IssuerAddress };
  achievement: Achievement;
  achievementUrl: string;
  recipient: { email: string; name: string };
  salt: string;
  evidence: Evidence[];
  issuedAt: Date;
  validUntil?: Date;
  /** The credential's status list entries (see statusListEntry): one is written as an object, as
   *  OB 3.0 allows; several (revocation + suspension) as a list, as VC 2.0 allows. */
  credentialStatus?: BitstringStatusListEntry[];
  /** Achievement properties beyond core's Achievement (the catalogue's micro-credential facts, see
   *  @tessera/catalogue), with the context that defines those OB 3.0 lacks. Same-named properties
   *  of the core achievement give way to them. */
  achievementExtension?: { context: string; properties: Record<string, unknown> & { [K in 'id' | 'type' | 'name' | 'description' | 'criteria']?: never } };
};

/** OB 3.0 Address, here for the issuer's country (an EU micro-credential element). */
export type IssuerAddress = { type: ['Address']; addressCountry?: string; addressCountryCode?: string };

export type IdentityObject = {
  type: 'IdentityObject';
  identityHash: string;
  identityType: 'emailAddress';
  hashed: true;
  salt: string;
};

export type OpenBadgeCredential = {
  '@context': string[];
  id: string;
  type: string[];
  name: string;
  issuer: { id: string; type: ['Profile']; name: string; url: string; email?: string; address?: IssuerAddress };
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    type: ['AchievementSubject'];
    identifier: IdentityObject[];
    achievement: AchievementDefinition & Record<string, unknown>;
  };
  evidence?: { type: ['Evidence']; id?: string; name?: string; narrative?: string }[];
  credentialStatus?: BitstringStatusListEntry | BitstringStatusListEntry[];
  proof?: DataIntegrityProof[];
};

/** The OB 3.0 Achievement as published: inside every credential and at the achievement's URL. */
export type AchievementDefinition = {
  id: string;
  type: ['Achievement'];
  name: string;
  description: string;
  criteria: { id?: string; narrative: string };
  achievementType?: string;
  image?: { id: string; type: 'Image'; caption?: string };
  alignment?: ({ type: ['Alignment'] } & Alignment)[];
  tag?: string[];
  creditsAvailable?: number;
  fieldOfStudy?: string;
  resultDescription?: ({ type: ['ResultDescription'] } & ResultDescription)[];
};

export type DataIntegrityProof = {
  type: 'DataIntegrityProof';
  cryptosuite: string;
  created: string;
  verificationMethod: string;
  proofPurpose: string;
  proofValue: string;
};

/** XML Schema dateTime at second precision, as the examples and test vectors write it. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** OB 3.0's achievementType is a closed vocabulary extended only by `ext:` terms, so a
 *  free-text type from an admin ("Workshop") becomes `ext:Workshop` instead of failing the schema. */
export function achievementTypeTerm(value: string): string | undefined {
  if (ACHIEVEMENT_TYPES.includes(value) || /^ext:[A-Za-z0-9._-]+$/.test(value)) return value;
  const term = value.replace(/^ext:/, '').replace(/[^A-Za-z0-9._-]/g, '');
  return term ? `ext:${term}` : undefined;
}

const DAY_MS = 24 * 3600 * 1000;

/** The achievement's public OB 3.0 definition at `achievementUrl`; only the properties it has. */
export function achievementDefinition(achievement: Achievement, achievementUrl: string): AchievementDefinition {
  const achievementType = achievement.achievementType ? achievementTypeTerm(achievement.achievementType) : undefined;
  const { image, alignment, tag, creditsAvailable, fieldOfStudy, resultDescription } = achievement;
  return {
    id: achievementUrl,
    type: ['Achievement'],
    name: achievement.name,
    description: achievement.description,
    criteria: {
      ...(achievement.criteria.id ? { id: achievement.criteria.id } : {}),
      narrative: achievement.criteria.narrative,
    },
    ...(achievementType ? { achievementType } : {}),
    ...(image ? { image: { id: image.id, type: 'Image' as const, ...(image.caption ? { caption: image.caption } : {}) } } : {}),
    ...(alignment?.length ? { alignment: alignment.map((a) => ({ type: ['Alignment'] as ['Alignment'], ...a })) } : {}),
    ...(tag?.length ? { tag } : {}),
    ...(creditsAvailable !== undefined ? { creditsAvailable } : {}),
    ...(fieldOfStudy ? { fieldOfStudy } : {}),
    // A result description's id is local to the achievement: published as a fragment of its URL.
    ...(resultDescription?.length
      ? { resultDescription: resultDescription.map((r) => ({ ...r, id: `${achievementUrl}#${r.id}`, type: ['ResultDescription'] as ['ResultDescription'] })) }
      : {}),
  };
}

export function buildOpenBadgeCredential(input: BuildCredentialInput): OpenBadgeCredential {
  const { issuer, achievement } = input;
  // An explicit end date wins; otherwise the achievement's validity period counts from issue.
  const validUntil = input.validUntil ?? (achievement.validityDays ? new Date(input.issuedAt.getTime() + achievement.validityDays * DAY_MS) : undefined);
  const extension = input.achievementExtension;
  const credential: OpenBadgeCredential = {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT, ...(extension ? [extension.context] : [])],
    id: input.credentialUrl,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: achievement.name,
    issuer: {
      id: issuer.did,
      type: ['Profile'],
      name: issuer.name,
      url: issuer.url,
      ...(issuer.email ? { email: issuer.email } : {}),
      ...(issuer.address ? { address: issuer.address } : {}),
    },
    validFrom: isoSeconds(input.issuedAt),
    ...(validUntil ? { validUntil: isoSeconds(validUntil) } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: hashRecipientEmail(input.recipient.email, input.salt),
          identityType: 'emailAddress',
          hashed: true,
          salt: input.salt,
        },
      ],
      achievement: { ...achievementDefinition(achievement, input.achievementUrl), ...extension?.properties },
    },
  };
  if (input.evidence.length > 0) {
    credential.evidence = input.evidence.map((e) => ({
      type: ['Evidence'],
      ...(e.url ? { id: e.url } : {}),
      ...(e.name ? { name: e.name } : {}),
      ...(e.narrative ? { narrative: e.narrative } : {}),
    }));
  }
  const status = input.credentialStatus ?? [];
  if (status.length > 0) credential.credentialStatus = status.length === 1 ? status[0] : status;
  return credential;
}
