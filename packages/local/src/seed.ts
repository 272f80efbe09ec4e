// The demo tenant `npm start` seeds: an issuer, a skills framework, one achievement under manual QA
// review (a published MicroCredential, through the catalogue's services), a reviewer and the webhook
// source `demo`. Checked on every start, so it always matches this file.
import { isDeepStrictEqual } from 'node:util';
import { AchievementDraftContent, contentOf, csvItemId, draftContent, parseFrameworkCsv, type Actor, type CatalogueAchievement } from '@tessera/catalogue';
import {
  escapeHtml,
  publicPaths,
  publicUrl,
  systemClock,
  type Achievement,
  type Clock,
  type Issuer,
  type ProofFormat,
  type PublicSite,
  type QaPolicy,
  type WebhookSource,
} from '@tessera/core';
import { createAchievement, editAchievement, publishAchievement } from '@tessera/functions/catalogue/achievements';
import { importFramework } from '@tessera/functions/catalogue/frameworks';
import { publishAchievementDefinition } from '@tessera/issuance';
import type { Store } from '@tessera/store';

export const DEMO_ISSUER_ID = 'demo-university';
export const DEMO_ACHIEVEMENT_ID = 'demo-data-literacy';
export const DEMO_SOURCE_ID = 'demo';
export const DEMO_REVIEWER_EMAIL = 'reviewer@demo-university.example';
export const DEMO_ADMIN_EMAIL = 'admin@demo-university.example';

export function demoIssuer(publicBaseUrl: string): Issuer {
  return { id: DEMO_ISSUER_ID, name: 'Demo University', url: publicBaseUrl, email: DEMO_ADMIN_EMAIL, description: 'A demo issuer seeded by npm start.', country: 'NL' };
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

/** The demo's skills framework: two DigComp 2.2 competences, imported as a CSV would be. */
export const DEMO_FRAMEWORK_ID = 'digcomp';
const DIGCOMP_URL = 'https://joint-research-centre.ec.europa.eu/digcomp/digcomp-framework_en';
const DEMO_FRAMEWORK_CSV = `code,name,description,parent,url
1,Information and data literacy,,,${DIGCOMP_URL}
1.2,"Evaluating data, information and digital content","Analyses, compares and critically evaluates the credibility and reliability of sources of data.",1,${DIGCOMP_URL}
`;

/** Who the seed acts as: a designer drafts, a qa-manager publishes (four eyes, as for anyone). */
export const SEED_DESIGNER: Actor = { id: 'seed:designer', roles: ['designer'] };
export const SEED_QA_MANAGER: Actor = { id: 'seed:qa-manager', roles: ['qa-manager'] };

/** Test and demo variations of the seeded achievement; qaPolicy and reviewerEmails set its review. */
export type DemoAchievementOptions = Partial<AchievementDraftContent> & { qaPolicy?: QaPolicy; reviewerEmails?: string[] };

/** The demo achievement as a catalogue draft: today's fields and the EU micro-credential facts. */
export function demoAchievementContent(publicBaseUrl: string, options: DemoAchievementOptions = {}): AchievementDraftContent {
  const { qaPolicy, reviewerEmails, ...overrides } = options;
  const base = demoAchievement();
  return {
    issuerId: base.issuerId,
    name: base.name,
    description: base.description,
    criteria: base.criteria,
    image: { id: publicUrl(publicBaseUrl, publicPaths.achievementImage(DEMO_ACHIEVEMENT_ID)), caption: 'Data Literacy Foundations badge' },
    tag: base.tag,
    evidenceRequirements: base.evidenceRequirements,
    achievementType: 'MicroCredential',
    learningOutcomes: [
      'Summarises a data set with descriptive statistics',
      'Chooses a fitting chart and recognises a misleading one',
      'Communicates a finding and its uncertainty in plain language',
    ],
    workload: { hours: 28, ects: 1 },
    level: { framework: 'EQF', value: 5 },
    assessment: { type: 'Final online assessment and one worked analysis', supervision: 'unsupervised' },
    participation: 'online',
    qualityAssurance: 'Reviewed every term by the Demo University Faculty Board (internal quality assurance).',
    language: 'en',
    fieldOfStudy: 'Data literacy',
    skills: [{ frameworkId: DEMO_FRAMEWORK_ID, itemId: csvItemId(DEMO_FRAMEWORK_ID, '1.2') }],
    review: { policy: qaPolicy ?? 'manual', reviewers: reviewerEmails ?? [DEMO_REVIEWER_EMAIL], timeoutHours: 7 * 24 },
    // The demo is walked again and again with the same learner (`npm run demo`): it may be earned
    // more than once. Real achievements leave this off: one credential per learner (docs/LMS.md).
    allowRepeat: true,
    ...overrides,
  };
}

/**
 * Seeds the demo through the catalogue's own services (framework import, draft, publication by a
 * second actor), so the demo achievement is a published MicroCredential like any other. A restart
 * with the same options changes nothing (and audits nothing); different options publish a new version.
 */
export async function seedDemo(
  deps: { store: Store; publicSite: PublicSite; publicBaseUrl: string; clock?: Clock },
  options: { webhookSecret: string; achievement?: DemoAchievementOptions; proofFormats?: ProofFormat[] },
): Promise<{ issuer: Issuer; achievement: CatalogueAchievement; source: WebhookSource }> {
  const services = { store: deps.store, publicSite: deps.publicSite, clock: deps.clock ?? systemClock, config: { publicBaseUrl: deps.publicBaseUrl } };
  const issuer = { ...demoIssuer(deps.publicBaseUrl), ...(options.proofFormats ? { proofFormats: options.proofFormats } : {}) };
  const source: WebhookSource = { id: DEMO_SOURCE_ID, secret: options.webhookSecret, issuerId: issuer.id };
  await deps.store.issuers.put(issuer);
  await deps.store.webhookSources.put(source);

  const framework = parseFrameworkCsv(DEMO_FRAMEWORK_CSV, { id: DEMO_FRAMEWORK_ID, title: 'DigComp 2.2', itemUrl: () => DIGCOMP_URL });
  const stored = await deps.store.frameworks.get(DEMO_FRAMEWORK_ID);
  if (!stored || !sameJson(stored.items, framework.items) || stored.title !== framework.title) await importFramework(services, SEED_DESIGNER, framework);

  const wanted = AchievementDraftContent.parse(demoAchievementContent(deps.publicBaseUrl, options.achievement));
  const [current, draft] = await Promise.all([deps.store.achievements.get(DEMO_ACHIEVEMENT_ID), deps.store.achievements.getDraft(DEMO_ACHIEVEMENT_ID)]);
  let achievement = current;
  if (!current?.version || draft || current.status === 'retired' || !sameJson(contentOf(current), wanted)) {
    if (!current && !draft) await createAchievement(services, SEED_DESIGNER, { id: DEMO_ACHIEVEMENT_ID, ...wanted });
    else await editAchievement(services, SEED_DESIGNER, DEMO_ACHIEVEMENT_ID, replacing(draft ? draftContent(draft) : current ? contentOf(current) : {}, wanted));
    achievement = await publishAchievement(services, SEED_QA_MANAGER, DEMO_ACHIEVEMENT_ID);
  } else {
    // Unchanged, but the public folder may be new (or the origin moved): its files are published again.
    await publishAchievementDefinition({ publicSite: deps.publicSite, publicBaseUrl: deps.publicBaseUrl }, current);
  }
  await deps.publicSite.publish({ path: publicPaths.achievementImage(DEMO_ACHIEVEMENT_ID), contentType: 'image/svg+xml', immutable: false, body: demoBadgeSvg(wanted.name) });
  return { issuer, achievement: achievement!, source };
}

/** Equal as stored: a field set to undefined is no field (the table keeps none). */
const sameJson = (a: unknown, b: unknown) => isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));

/** The edit that turns `from` into `to`: every field of `to`, and null for each field only `from` has. */
function replacing(from: Record<string, unknown>, to: Record<string, unknown>): Record<string, unknown> {
  return { ...Object.fromEntries(Object.keys(from).map((field) => [field, null])), ...to };
}

/** A plain round badge with the achievement's name: the demo's picture until the catalogue has real artwork. */
export function demoBadgeSvg(name: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" role="img" aria-label="${escapeHtml(name)}">
  <circle cx="128" cy="128" r="120" fill="#1f4e79" stroke="#f2b705" stroke-width="10"/>
  <text x="128" y="136" text-anchor="middle" font-family="sans-serif" font-size="18" fill="#ffffff">${escapeHtml(name)}</text>
</svg>
`;
}
