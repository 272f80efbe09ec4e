// The EU micro-credential facts of an achievement (Council Recommendation 2022/C 243/02, Annex I)
// and their mapping onto the issued OB 3.0 Achievement: native properties where OB 3.0 has one,
// the rest in Tessera's extension context. docs/MICROCREDENTIALS.md is the table of this mapping.
import { parseWith, ValidationError, type ErrorDetail } from '@tessera/core';
import { achievementTypeTerm, type AchievementDefinition } from '@tessera/credentials';
import * as z from 'zod';
import type { Framework, FrameworkItem } from './framework.ts';
import { MICROCREDENTIAL_CONTEXT_URL } from './microcredential-context.ts';

/** The Recommendation's "supervision and identity verification during assessment" options. */
export const SUPERVISION = ['unsupervised', 'supervised', 'supervised-online-identity-verified', 'onsite-identity-verified'] as const;
export const PARTICIPATION = ['online', 'onsite', 'blended'] as const;

/** EQF levels are the EU's own vocabulary: each has a URI, so no `url` needs to be given for them. */
const EQF = 'EQF';
const eqfLevelUrl = (level: number) => `http://data.europa.eu/snb/eqf/${level}`;

const text = z.string().trim().min(1);

export const SkillRef = z.object({ frameworkId: text, itemId: text }).strict();
export type SkillRef = z.infer<typeof SkillRef>;

export const MicroCredentialFacts = z
  .object({
    achievementType: text.default('MicroCredential').transform((value, ctx) => {
      const term = achievementTypeTerm(value);
      if (!term) ctx.addIssue({ code: 'custom', message: 'must be an OB 3.0 achievement type or an ext: term' });
      return term ?? value;
    }),
    learningOutcomes: z.array(text).min(1),
    workload: z.object({ hours: z.number().positive(), ects: z.number().positive().optional() }).strict(),
    level: z
      .object({
        framework: text,
        value: z.union([z.number().int().nonnegative(), text]),
        /** The level's URI in its framework; derived for EQF, required for any other framework. */
        url: z.url({ protocol: /^https?$/ }).optional(),
      })
      .strict()
      .superRefine((level, ctx) => {
        if (level.framework === EQF) {
          if (typeof level.value !== 'number' || level.value < 1 || level.value > 8) {
            ctx.addIssue({ code: 'custom', path: ['value'], message: 'an EQF level is a whole number from 1 to 8' });
          }
        } else if (!level.url) {
          ctx.addIssue({ code: 'custom', path: ['url'], message: `the URL of level ${level.value} in ${level.framework} is required (only EQF levels have a known one)` });
        }
      }),
    assessment: z.object({ type: text, supervision: z.enum(SUPERVISION).optional() }).strict(),
    participation: z.enum(PARTICIPATION),
    qualityAssurance: text,
    /** BCP 47, in the form the OB 3.0 schema's inLanguage accepts ("en", "pt-BR", "sr-Latn-RS"). */
    language: z.string().regex(/^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$/, 'must be a BCP 47 language tag such as "en" or "pt-BR"'),
    fieldOfStudy: text.optional(),
    prerequisites: text.optional(),
    skills: z
      .array(SkillRef)
      .default([])
      .superRefine((skills, ctx) => {
        const seen = new Set<string>();
        skills.forEach((skill, index) => {
          const key = `${skill.frameworkId}\u0000${skill.itemId}`;
          if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index], message: `skill ${skill.frameworkId}/${skill.itemId} is listed twice` });
          seen.add(key);
        });
      }),
  })
  .strict();
export type MicroCredentialFacts = z.output<typeof MicroCredentialFacts>;

export function parseMicroCredentialFacts(value: unknown): MicroCredentialFacts {
  return parseWith(MicroCredentialFacts, value, 'micro-credential facts');
}

type AlignmentProperty = NonNullable<AchievementDefinition['alignment']>[number];

/** The OB 3.0 Achievement properties the facts fill in natively. */
export type NativeProperties = {
  achievementType: string;
  inLanguage: string;
  alignment: AlignmentProperty[];
  creditsAvailable?: number;
  fieldOfStudy?: string;
};

/** The extension's properties: each term is defined in contexts/microcredential-v1.json. */
export type ExtensionProperties = {
  learningOutcomes: string[];
  workloadHours: number;
  assessmentType: string;
  assessmentSupervision?: (typeof SUPERVISION)[number];
  participationForm: (typeof PARTICIPATION)[number];
  qualityAssurance: string;
  prerequisites?: string;
  stackability: 'standalone' | 'stackable';
  stacksInto?: string[];
};

/** What `buildOpenBadgeCredential` takes as `achievementExtension`. */
export type MicroCredentialProperties = { context: string; properties: NativeProperties & ExtensionProperties };

export type MappingOptions = {
  /** The frameworks the skills refer to (more may be given). */
  frameworks: readonly Framework[];
  /** The URLs of the achievements awarded by the published stacks this one is a component of. */
  stacksInto?: readonly string[];
};

/** The facts as OB 3.0 + extension properties. A skill naming an unknown framework or item is a
 *  ValidationError naming each such `skills.N`. */
export function microcredentialProperties(facts: MicroCredentialFacts, options: MappingOptions): MicroCredentialProperties {
  const resolved = resolveSkills(facts.skills, options.frameworks);
  const stacksInto = [...new Set(options.stacksInto ?? [])];
  const native: NativeProperties = {
    achievementType: facts.achievementType,
    inLanguage: facts.language,
    alignment: [...resolved.map(({ framework, item }) => skillAlignment(framework, item)), levelAlignment(facts.level)],
    ...(facts.workload.ects !== undefined ? { creditsAvailable: facts.workload.ects } : {}),
    ...(facts.fieldOfStudy ? { fieldOfStudy: facts.fieldOfStudy } : {}),
  };
  const extension: ExtensionProperties = {
    learningOutcomes: [...facts.learningOutcomes],
    workloadHours: facts.workload.hours,
    assessmentType: facts.assessment.type,
    ...(facts.assessment.supervision ? { assessmentSupervision: facts.assessment.supervision } : {}),
    participationForm: facts.participation,
    qualityAssurance: facts.qualityAssurance,
    ...(facts.prerequisites ? { prerequisites: facts.prerequisites } : {}),
    stackability: stacksInto.length ? 'stackable' : 'standalone',
    ...(stacksInto.length ? { stacksInto } : {}),
  };
  return { context: MICROCREDENTIAL_CONTEXT_URL, properties: { ...native, ...extension } };
}

function resolveSkills(skills: readonly SkillRef[], frameworks: readonly Framework[]): { framework: Framework; item: FrameworkItem }[] {
  const byId = new Map(frameworks.map((f) => [f.id, f]));
  const details: ErrorDetail[] = [];
  const resolved = skills.flatMap((skill, index) => {
    const framework = byId.get(skill.frameworkId);
    const item = framework?.items.find((i) => i.id === skill.itemId);
    if (framework && item) return [{ framework, item }];
    details.push({
      path: `skills.${index}`,
      message: framework ? `framework ${skill.frameworkId} has no item ${skill.itemId}` : `unknown framework ${skill.frameworkId}`,
    });
    return [];
  });
  if (details.length) {
    throw new ValidationError(`unknown framework items: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
  }
  return resolved;
}

function skillAlignment(framework: Framework, item: FrameworkItem): AlignmentProperty {
  return {
    type: ['Alignment'],
    targetType: 'CFItem',
    targetName: item.name,
    targetUrl: item.url,
    targetCode: item.code,
    targetFramework: framework.title,
    ...(item.description ? { targetDescription: item.description } : {}),
  };
}

function levelAlignment(level: MicroCredentialFacts['level']): AlignmentProperty {
  const isEqf = level.framework === EQF;
  return {
    type: ['Alignment'],
    // OB 3.0 has no alignment type for a qualifications-framework level: an `ext:` term, as it allows.
    targetType: 'ext:QualificationsFrameworkLevel',
    targetName: isEqf ? `EQF level ${level.value}` : `${level.framework} level ${level.value}`,
    targetUrl: isEqf ? eqfLevelUrl(level.value as number) : level.url!,
    targetCode: String(level.value),
    targetFramework: isEqf ? 'European Qualifications Framework' : level.framework,
  };
}
