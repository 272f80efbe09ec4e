// The achievement lifecycle's pure rules: what a draft may hold, what publishing demands, and the
// published form the issuance path reads.
import { UnprocessableError, ValidationError } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { AchievementDraft, AchievementDraftContent, achievementExtension, applyEdit, contentOf, publishedVersion } from './achievement.ts';
import type { Framework } from './framework.ts';

const digcomp: Framework = {
  id: 'digcomp',
  title: 'DigComp 2.2',
  items: [
    { id: 'i-1', code: '1.1', name: 'Browsing', url: 'https://case.example/1.1' },
    { id: 'i-2', code: '1.2', name: 'Evaluating', url: 'https://case.example/1.2' },
  ],
};

const complete = {
  issuerId: 'uni',
  name: 'Data Literacy',
  description: 'Reads data.',
  criteria: { narrative: 'Passed the assessment.' },
  learningOutcomes: ['Summarises a data set'],
  workload: { hours: 28, ects: 1 },
  level: { framework: 'EQF', value: 5 },
  assessment: { type: 'Online exam', supervision: 'supervised' },
  participation: 'online',
  qualityAssurance: 'Faculty board.',
  language: 'en',
  skills: [{ frameworkId: 'digcomp', itemId: 'i-2' }],
  review: { policy: 'manual', reviewers: ['qa@uni.example'], timeoutHours: 72 },
};

const draftOf = (content: Record<string, unknown>): AchievementDraft =>
  AchievementDraft.parse({ ...content, id: 'data-literacy', status: 'draft', version: 1, createdBy: 'dana', updatedBy: 'dana', updatedAt: '2026-12-01T10:00:00Z' });
const publication = { version: 1, publishedBy: 'quinn', publishedAt: '2026-12-01T11:00:00Z', frameworks: [digcomp] };

describe('a draft', () => {
  it('needs only issuer and name; what it has is checked as publication will check it', () => {
    expect(AchievementDraftContent.safeParse({ issuerId: 'uni', name: 'Data Literacy' }).success).toBe(true);
    const bad = AchievementDraftContent.safeParse({ issuerId: 'uni', name: 'X', workload: { hours: -1 }, participation: 'by post' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['participation', 'workload.hours']);
  });

  it('refuses a manual review without reviewers', () => {
    const parsed = AchievementDraftContent.safeParse({ issuerId: 'uni', name: 'X', review: { policy: 'manual', reviewers: [], timeoutHours: 24 } });
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['review', 'reviewers'] })]);
  });

  it('is edited field by field; null removes an optional field; an edit that breaks it names the field (400)', () => {
    const base = AchievementDraftContent.parse(complete);
    const edited = applyEdit(base, { name: 'Data Literacy II', prerequisites: 'None' });
    expect(edited).toMatchObject({ name: 'Data Literacy II', prerequisites: 'None', workload: { hours: 28, ects: 1 } });
    expect(applyEdit(edited, { prerequisites: null })).not.toHaveProperty('prerequisites');
    expect(() => applyEdit(base, { workload: { hours: 'many' } })).toThrow(ValidationError);
    expect(() => applyEdit(base, { workload: { hours: 'many' } })).toThrow(/workload\.hours/);
  });
});

describe('publishedVersion', () => {
  it('refuses an incomplete draft with 422 naming every missing element', () => {
    const { description: _d, learningOutcomes: _l, workload: _w, review: _r, ...partial } = complete;
    const refusal = (() => {
      try {
        publishedVersion(draftOf(partial), publication);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(UnprocessableError);
    expect((refusal as UnprocessableError).details).toEqual(
      expect.arrayContaining([
        { path: 'description', message: 'missing' },
        { path: 'learningOutcomes', message: 'missing' },
        { path: 'workload', message: 'missing' },
        { path: 'review', message: 'missing' },
      ]),
    );
    expect((refusal as UnprocessableError).details).toHaveLength(4);
  });

  it('is core Achievement fields (review → qaPolicy and reviewers, ECTS → creditsAvailable) plus the facts and the aligned items only', () => {
    const published = publishedVersion(draftOf(complete), publication);
    expect(published).toMatchObject({
      id: 'data-literacy',
      achievementType: 'MicroCredential',
      qaPolicy: 'manual',
      reviewerEmails: ['qa@uni.example'],
      reviewTimeoutHours: 72,
      creditsAvailable: 1,
      status: 'published',
      version: 1,
      updatedBy: 'dana',
      publishedBy: 'quinn',
      evidenceRequirements: { minItems: 0, requireUrl: false },
    });
    expect(published.skillFrameworks).toEqual([{ ...digcomp, items: [digcomp.items[1]] }]);
  });

  it('refuses (422) a skill whose framework item is gone since the draft was written', () => {
    const refusing = () => publishedVersion(draftOf({ ...complete, skills: [{ frameworkId: 'digcomp', itemId: 'i-9' }] }), publication);
    expect(refusing).toThrow(UnprocessableError);
    expect(refusing).toThrow(/skills\.0: framework digcomp has no item i-9/);
  });

  it('turns back into the content it was published from, so a new version starts from it', () => {
    const content = AchievementDraftContent.parse(complete);
    // Evidence requirements left out are the default, written down at publication.
    expect(contentOf(publishedVersion(draftOf(complete), publication))).toStrictEqual({ ...content, evidenceRequirements: { minItems: 0, requireUrl: false } });
  });

  it('carries the extension from its own framework copy; an achievement without facts carries none', () => {
    const published = publishedVersion(draftOf(complete), publication);
    const extension = achievementExtension(published)!;
    expect(extension.properties.alignment[0]).toMatchObject({ targetType: 'CFItem', targetCode: '1.2', targetFramework: 'DigComp 2.2' });
    expect(extension.properties).toMatchObject({ workloadHours: 28, participationForm: 'online', stackability: 'standalone' });
    const { microcredential: _m, skillFrameworks: _s, ...plain } = published;
    expect(achievementExtension(plain)).toBeUndefined();
  });
});
