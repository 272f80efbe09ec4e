// The demo tenant `npm start` seeds: an issuer, one achievement under manual QA review, a
// reviewer and the webhook source `demo`. Rewritten on every start, so it always matches this file.
import { publicPaths, type Achievement, type Issuer, type PublicSite, type WebhookSource } from '@tessera/core';
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
    qaPolicy: 'manual',
    reviewerEmails: [DEMO_REVIEWER_EMAIL],
    evidenceRequirements: { minItems: 1, requireUrl: false },
    ...overrides,
  };
}

export async function seedDemo(
  deps: { store: Store; publicSite: PublicSite; publicBaseUrl: string },
  options: { webhookSecret: string; achievement?: Partial<Achievement> },
): Promise<{ issuer: Issuer; achievement: Achievement; source: WebhookSource }> {
  const issuer = demoIssuer(deps.publicBaseUrl);
  const achievement = demoAchievement(options.achievement);
  const source: WebhookSource = { id: DEMO_SOURCE_ID, secret: options.webhookSecret, issuerId: issuer.id };
  await deps.store.issuers.put(issuer);
  await deps.store.achievements.put(achievement);
  await deps.store.webhookSources.put(source);
  // The achievement's public definition, so the id inside every credential resolves.
  await deps.publicSite.publish({
    path: publicPaths.achievement(achievement.id),
    contentType: 'application/json',
    immutable: false,
    body: JSON.stringify(
      {
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
        id: `${deps.publicBaseUrl}/${publicPaths.achievement(achievement.id)}`,
        type: ['Achievement'],
        name: achievement.name,
        description: achievement.description,
        criteria: achievement.criteria,
        achievementType: achievement.achievementType,
      },
      null,
      2,
    ),
  });
  return { issuer, achievement, source };
}
