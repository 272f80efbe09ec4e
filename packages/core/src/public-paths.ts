// Where each public artefact lives below the public origin. One module, so the release step,
// the local gateway, CloudFront's cache rules and the docs all agree.
export const publicPaths = {
  didDocument: () => '.well-known/did.json',
  credential: (credentialId: string) => `credentials/${credentialId}.json`,
  /** The baked badge image, beside the credential it carries: `.../{id}.json` -> `.../{id}.png|svg`. */
  bakedBadge: (credentialId: string, format: 'png' | 'svg') => `credentials/${credentialId}.${format}`,
  /** The same credential secured as a VC-JWT (compact JWS), for issuers with `vc-jwt` on. */
  credentialJwt: (credentialId: string) => `credentials/${credentialId}.jwt`,
  achievement: (achievementId: string) => `achievements/${encodeURIComponent(achievementId)}.json`,
  /** The achievement's badge picture (the demo seed publishes one; the catalogue may point elsewhere). */
  achievementImage: (achievementId: string) => `achievements/${encodeURIComponent(achievementId)}.svg`,
  review: (secret: string) => `review/${secret}`,
  /** Not immutable: re-published each time one of its bits changes. */
  statusList: (issuerId: string, purpose: string, listNumber: number) => `status/${encodeURIComponent(issuerId)}/${purpose}/${listNumber}.json`,
};

export function publicUrl(publicBaseUrl: string, path: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/${path}`;
}
