// Where each public artefact lives below the public origin. One module, so the release step,
// the local gateway, CloudFront's cache rules and the docs all agree.
export const publicPaths = {
  didDocument: () => '.well-known/did.json',
  credential: (credentialId: string) => `credentials/${credentialId}.json`,
  achievement: (achievementId: string) => `achievements/${encodeURIComponent(achievementId)}.json`,
  review: (secret: string) => `review/${secret}`,
  /** Not immutable: re-published each time one of its bits changes. */
  statusList: (issuerId: string, purpose: string, listNumber: number) => `status/${encodeURIComponent(issuerId)}/${purpose}/${listNumber}.json`,
};

export function publicUrl(publicBaseUrl: string, path: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/${path}`;
}
