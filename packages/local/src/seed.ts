// The demo tenant `npm start` seeds: an issuer, one achievement under manual QA review, a
// reviewer and the webhook source `demo`. Rewritten on every start, so it always matches this file.
import { escapeHtml, publicPaths, publicUrl, type Achievement, type Issuer, type ProofFormat, type PublicSite, type WebhookSource } from '@tessera/core';
import { OB_V3_CONTEXT, VC_V2_CONTEXT, achievementDefinition } from '@tessera/credentials';
import type { Store } from '@tessera/store';

export const DEMO_ISSUER_ID = 'demo-university';
export const DEMO_ACHIEVEMENT_ID = 'demo-data-literacy';
export const DEMO_SOURCE_ID = 'demo';
export const DEMO_REVIEWER_EMAIL = 'reviewer@demo-university.example';
export const DEMO_ADMIN_EMAIL = 'admin@demo-university.example';

export function demoIssuer(publicBaseUrl: string): Issuer {
  return { id: DEMO_ISSUER_ID, name: 'Demo University', url: publicBaseUrl, email: DEMO_ADMIN_EMAIL, description: 'A demo issuer seeded by npm start.' };
}

export function demoAchievement(overrides: Partial<Achievement> = {}): Achievement {
  return {
    id: DEMO_ACHIEVEMENT_ID,
    issuerId: DEMO_ISSUER_ID,
    name: 'Data Literacy Foundations',
    description: 'Reads, questions and communicates with data: descriptive statistics, charts and their pitfalls.',
    criteria: { narrative: 'Completed the four course modules and passed the final assessment with at least 70%, submitting one worked analysis.' },
    achievementType: 'Competency',
    alignment: [
      {
        targetName: 'Evaluating data, information and digital content',
        targetUrl: 'https://joint-research-centre.ec.europa.eu/digcomp/digcomp-framework_en',
        targetFramework: 'DigComp 2.2',
        targetCode: '1.2',
        targetType: 'ceasn:Competency',
      },
    ],
    tag: ['data literacy', 'statistics'],
    fieldOfStudy: 'Data literacy',
    qaPolicy: 'manual',
    reviewerEmails: [DEMO_REVIEWER_EMAIL],
    evidenceRequirements: { minItems: 1, requireUrl: false },
    ...overrides,
  };
}

export async function seedDemo(
  deps: { store: Store; publicSite: PublicSite; publicBaseUrl: string },
  options: { webhookSecret: string; achievement?: Partial<Achievement>; proofFormats?: ProofFormat[] },
): Promise<{ issuer: Issuer; achievement: Achievement; source: WebhookSource }> {
  const issuer = { ...demoIssuer(deps.publicBaseUrl), ...(options.proofFormats ? { proofFormats: options.proofFormats } : {}) };
  const image = { id: publicUrl(deps.publicBaseUrl, publicPaths.achievementImage(DEMO_ACHIEVEMENT_ID)), caption: 'Data Literacy Foundations badge' };
  const achievement = demoAchievement({ image, ...options.achievement });
  const source: WebhookSource = { id: DEMO_SOURCE_ID, secret: options.webhookSecret, issuerId: issuer.id };
  await deps.store.issuers.put(issuer);
  await deps.store.achievements.put(achievement);
  await deps.store.webhookSources.put(source);
  // The achievement's public definition (the same object every credential embeds), so its id resolves.
  const definition = achievementDefinition(achievement, publicUrl(deps.publicBaseUrl, publicPaths.achievement(achievement.id)));
  await deps.publicSite.publish({
    path: publicPaths.achievement(achievement.id),
    contentType: 'application/json',
    immutable: false,
    body: JSON.stringify({ '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT], ...definition }, null, 2),
  });
  await deps.publicSite.publish({ path: publicPaths.achievementImage(achievement.id), contentType: 'image/svg+xml', immutable: false, body: demoBadgeSvg(achievement.name) });
  return { issuer, achievement, source };
}

/** A plain round badge with the achievement's name: the demo's picture until the catalogue has real artwork. */
export function demoBadgeSvg(name: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" role="img" aria-label="${escapeHtml(name)}">
  <circle cx="128" cy="128" r="120" fill="#1f4e79" stroke="#f2b705" stroke-width="10"/>
  <text x="128" y="136" text-anchor="middle" font-family="sans-serif" font-size="18" fill="#ffffff">${escapeHtml(name)}</text>
</svg>
`;
}
