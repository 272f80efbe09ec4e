// LinkedIn's "add to profile" link (Add to Profile for certifications): the badge page and the
// earner's mail both offer it, with the same fields, so what LinkedIn pre-fills is the same.
import type { Issuer } from '@tessera/core';

export type LinkedInCertification = {
  /** The achievement's name. */
  name: string;
  issuer: Pick<Issuer, 'name' | 'linkedInOrganizationId'>;
  issuedAt: string;
  /** validUntil, when the credential expires. */
  expiresAt?: string;
  /** The badge page (a person reads it; the JSON is for machines). */
  badgePageUrl: string;
  /** The `{id}` of /credentials/{id}.json and /badges/{id}. */
  credentialId: string;
};

/** organizationId when the issuer has one (LinkedIn then links its page and logo), else its name. */
export function linkedInAddToProfileUrl(cert: LinkedInCertification): string {
  const issued = new Date(cert.issuedAt);
  const expires = cert.expiresAt ? new Date(cert.expiresAt) : undefined;
  const params = new URLSearchParams({ startTask: 'CERTIFICATION_NAME', name: cert.name });
  if (cert.issuer.linkedInOrganizationId) params.set('organizationId', cert.issuer.linkedInOrganizationId);
  else params.set('organizationName', cert.issuer.name);
  params.set('issueYear', String(issued.getUTCFullYear()));
  params.set('issueMonth', String(issued.getUTCMonth() + 1));
  if (expires && !Number.isNaN(expires.getTime())) {
    params.set('expirationYear', String(expires.getUTCFullYear()));
    params.set('expirationMonth', String(expires.getUTCMonth() + 1));
  }
  params.set('certUrl', cert.badgePageUrl);
  params.set('certId', cert.credentialId);
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}
