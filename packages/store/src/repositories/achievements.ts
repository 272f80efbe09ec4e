// Achievements: what can be earned. Each lives in one partition: the version that issues now
// (ACHIEVEMENT: published or retired), the draft of the next version (DRAFT) while one is open, and
// an immutable copy of every published version (VERSION#n). The issuance path reads one item, the
// current one; editing a published achievement never touches it until the next version is published.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AchievementDraft, CatalogueAchievement, type AchievementStatus } from '@tessera/catalogue';
import { ConflictError, NotFoundError } from '@tessera/core';
import * as z from 'zod';
import { keys } from '../keys.ts';
import { getRecord, isNew, parseStored, queryRecords, type TableContext } from '../table-context.ts';
import { writeTransaction, type TransactItem } from '../transactions.ts';

/** One line of `GET /admin/achievements`: a draft and the version that issues are separate lines. */
export const AchievementListing = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** Absent on an achievement written outside the catalogue: it issues as published. */
  status: z.enum(['draft', 'published', 'retired']).default('published'),
  version: z.number().int().min(1).optional(),
  updatedBy: z.string().min(1).optional(),
  publishedBy: z.string().min(1).optional(),
});
export type AchievementListing = z.output<typeof AchievementListing>;

export type AchievementsRepository = {
  /** The version that issues now (published, or retired with `status: 'retired'`); a never-published draft is not one. */
  get(id: string): Promise<CatalogueAchievement | undefined>;
  /** Writes the current version as it is (the demo seed of old, tests, the chaos run). */
  put(value: CatalogueAchievement): Promise<void>;
  getDraft(id: string): Promise<AchievementDraft | undefined>;
  /** The immutable copy of published version `version`. */
  getVersion(id: string, version: number): Promise<CatalogueAchievement | undefined>;
  /** Stores a draft. `expect` guards against a lost update: `{ none: true }` when the caller saw no
   *  draft (and, for `firstVersion`, no achievement at all), else the draft's `updatedAt` as read.
   *  Anything else there now → ConflictError. */
  saveDraft(draft: AchievementDraft, expect: { none: true; firstVersion?: boolean } | { updatedAt: string }): Promise<void>;
  /** In one transaction: `published` becomes the current version, its copy VERSION#n is written
   *  (never overwritten), and the draft it came from is deleted, only if still at `draftUpdatedAt`. */
  publish(published: CatalogueAchievement, draftUpdatedAt: string): Promise<void>;
  /** The current version, now `retired`; only a published one can be → ConflictError; unknown → NotFoundError. */
  retire(id: string): Promise<CatalogueAchievement>;
  /** Drafts and current versions, optionally of one status, by status then id. */
  list(status?: AchievementStatus): Promise<AchievementListing[]>;
};

export function achievementsRepository(table: TableContext): AchievementsRepository {
  const { client, tableName: TableName } = table;
  const current = (value: CatalogueAchievement) => ({
    ...value,
    ...keys.achievement(value.id),
    ...keys.achievementListing(value.status ?? 'published', value.id),
    entity: 'Achievement',
  });

  return {
    get: (id) => getRecord(table, CatalogueAchievement, 'Achievement', keys.achievement(id)),
    async put(value) {
      await client.send(new PutCommand({ TableName, Item: current(value) }));
    },
    getDraft: (id) => getRecord(table, AchievementDraft, 'AchievementDraft', keys.achievementDraft(id)),
    getVersion: (id, version) => getRecord(table, CatalogueAchievement, 'AchievementVersion', keys.achievementVersion(id, version)),

    async saveDraft(draft, expect) {
      const Item = { ...draft, ...keys.achievementDraft(draft.id), ...keys.achievementListing('draft', draft.id), entity: 'AchievementDraft' };
      if ('updatedAt' in expect) {
        try {
          await client.send(new PutCommand({ TableName, Item, ConditionExpression: 'updatedAt = :seen', ExpressionAttributeValues: { ':seen': expect.updatedAt } }));
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException)
            throw new ConflictError(`the draft of '${draft.id}' changed since it was read (or was published); read it again`, error);
          throw error;
        }
        return;
      }
      // A first draft also needs the id unused: the current item is checked in the same transaction.
      const unused = { ConditionCheck: { TableName, Key: keys.achievement(draft.id), ConditionExpression: isNew } };
      const result = await writeTransaction(table, {
        draft: { Put: { TableName, Item, ConditionExpression: isNew } },
        ...(expect.firstVersion ? { current: unused } : {}),
      } as Record<'draft' | 'current', TransactItem>);
      if (!result.committed)
        throw new ConflictError(`achievement '${draft.id}' already exists${result.refused.draft ? ' (a draft is open: edit it with PATCH)' : ''}`, result.error);
    },

    async publish(published, draftUpdatedAt) {
      const { id } = published;
      const version = published.version ?? 1;
      const result = await writeTransaction(table, {
        draft: {
          Delete: { TableName, Key: keys.achievementDraft(id), ConditionExpression: 'updatedAt = :seen', ExpressionAttributeValues: { ':seen': draftUpdatedAt } },
        },
        copy: { Put: { TableName, Item: { ...published, ...keys.achievementVersion(id, version), entity: 'AchievementVersion' }, ConditionExpression: isNew } },
        current: { Put: { TableName, Item: current(published) } },
      });
      if (!result.committed) {
        const why = result.refused.draft ? 'the draft changed since it was read (or was just published)' : `version ${version} was already published`;
        throw new ConflictError(`cannot publish '${id}': ${why}; read it again`, result.error);
      }
    },

    async retire(id) {
      const key = keys.achievement(id);
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName,
            Key: key,
            UpdateExpression: 'SET #status = :retired, gsi1sk = :listing',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#status) OR #status = :published)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':retired': 'retired', ':published': 'published', ':listing': keys.achievementListing('retired', id).gsi1sk },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return parseStored(CatalogueAchievement, 'Achievement', key, Attributes ?? {});
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        if (!error.Item) throw new NotFoundError(`no published achievement '${id}'`, error);
        throw new ConflictError(`achievement '${id}' is already retired`, error);
      }
    },

    list: (status) =>
      queryRecords(table, AchievementListing, 'Achievement', {
        IndexName: 'GSI1',
        KeyConditionExpression: status ? 'gsi1pk = :pk AND begins_with(gsi1sk, :status)' : 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.achievements().gsi1pk, ...(status ? { ':status': `${status}#` } : {}) },
      }),
  };
}
