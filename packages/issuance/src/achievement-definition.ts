// What a released credential says about its achievement and issuer beyond core's records: the
// micro-credential extension of the published version, the issuer's country as its address, and
// the public files that make both resolvable (the achievement's definition, the extension context).
import { achievementExtension, MICROCREDENTIAL_CONTEXT_PATH, microcredentialContext, type CatalogueAchievement } from '@tessera/catalogue';
import { publicPaths, publicUrl, type Issuer, type PublicSite } from '@tessera/core';
import { OB_V3_CONTEXT, VC_V2_CONTEXT, achievementDefinition, type IssuerAddress } from '@tessera/credentials';

/** The issuer Profile's address: its country as the ISO code and the English name (OB 3.0 Address). */
export function issuerAddress(issuer: Issuer): IssuerAddress | undefined {
  if (!issuer.country) return undefined;
  const name = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }).of(issuer.country);
  return { type: ['Address'], addressCountryCode: issuer.country, ...(name ? { addressCountry: name } : {}) };
}

/** The achievement as its public URL serves it: the same object every credential of this version
 *  embeds (definition + extension), under the contexts that define its terms. */
export function publicAchievementDocument(achievement: CatalogueAchievement, publicBaseUrl: string): Record<string, unknown> {
  const extension = achievementExtension(achievement);
  const definition = achievementDefinition(achievement, publicUrl(publicBaseUrl, publicPaths.achievement(achievement.id)));
  return { '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT, ...(extension ? [extension.context] : [])], ...definition, ...extension?.properties };
}

/** Publishes the achievement's definition at its URL (replaced on each new version) and, when it
 *  carries the extension, the extension's context on this origin. */
export async function publishAchievementDefinition(deps: { publicSite: PublicSite; publicBaseUrl: string }, achievement: CatalogueAchievement): Promise<void> {
  if (achievement.microcredential) await publishMicrocredentialContext(deps.publicSite);
  await deps.publicSite.publish({
    path: publicPaths.achievement(achievement.id),
    contentType: 'application/json',
    immutable: false,
    body: JSON.stringify(publicAchievementDocument(achievement, deps.publicBaseUrl), null, 2),
  });
}

/** The extension's JSON-LD context, byte for byte the bundled one (docs/MICROCREDENTIALS.md): never
 *  changes once published (a new term is a new version), so it is immutable. */
export async function publishMicrocredentialContext(publicSite: PublicSite): Promise<void> {
  await publicSite.publish({
    path: MICROCREDENTIAL_CONTEXT_PATH,
    contentType: 'application/ld+json',
    immutable: true,
    body: JSON.stringify(microcredentialContext, null, 2),
  });
}
