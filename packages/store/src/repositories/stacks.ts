// Stacks: achievements that together earn another, under the same lifecycle as achievements. Each
// stack has a working copy (sk DRAFT, never deleted: its status says whether a draft is open), the
// version in force (sk STACK, published or retired) and an immutable snapshot of every published
// version. Publishing also writes the stack's rule into the collection of each component achievement,
// so the stacked award finds the stacks an issued credential counts toward with one Query.
import { ConflictError, NotFoundError, UnprocessableError, isoDateTime } from '@tessera/core';
import { Requirement, Stack } from '@tessera/catalogue/stacks';
import * as z from 'zod';
import { keys } from '../keys.ts';
import { getRecord, isNew, parseStored, queryRecords, type TableContext } from '../table-context.ts';
import { writeTransaction, type TransactItem } from '../transactions.ts';

export const STACK_STATUSES = ['draft', 'published', 'retired'] as const;
export const StackStatus = z.enum(STACK_STATUSES);
export type StackStatus = z.infer<typeof StackStatus>;

/** One version of a stack: the definition an admin posted and where it stands. */
export const StackEntry = z.object({
  definition: Stack,
  status: StackStatus,
  version: z.number().int().min(1),
  createdBy: z.string().min(1),
  createdAt: isoDateTime,
  /** The actor id of the last editor: the four-eyes rule keeps them from publishing it. */
  updatedBy: z.string().min(1),
  updatedAt: isoDateTime,
  publishedBy: z.string().min(1).optional(),
  publishedAt: isoDateTime.optional(),
  retiredBy: z.string().min(1).optional(),
  retiredAt: isoDateTime.optional(),
});
export type StackEntry = z.infer<typeof StackEntry>;

/** The working copy also counts its writes: each write is conditioned on the count it read. */
const StackWorkingCopy = StackEntry.extend({ revision: z.number().int().min(1) });
export type StackWorkingCopy = z.infer<typeof StackWorkingCopy>;

/** A published stack as its component achievements' collections hold it: what the stacked award needs. */
export const StackRule = z.object({
  stackId: z.string().min(1),
  name: z.string().min(1),
  issuerId: z.string().min(1),
  achievementIds: z.array(z.string().min(1)),
  requires: Requirement,
  awards: z.string().min(1),
  version: z.number().int().min(1),
  /** Only `published` counts: `retired` when the stack was retired, `withdrawn` when a later version dropped this component. */
  status: z.enum(['published', 'retired', 'withdrawn']),
});
export type StackRule = z.infer<typeof StackRule>;

/** A stack as an admin sees it: the version in force (if any was ever published), the open draft
 *  (if any), and the working copy's revision, which the next saveDraft or publish must name. */
export type StackState = { current?: StackEntry; draft?: StackEntry; revision: number };

/** TransactWriteItems takes at most 100 items: the stack, its snapshot, its working copy and one per component. */
export const MAX_STACK_COMPONENTS = 45;

export type StacksRepository = {
  /** Undefined when no stack has this id. */
  get(id: string): Promise<StackState | undefined>;
  /** Stacks by status: open drafts, or stacks in force that are published or retired. Ordered by id. */
  list(status: StackStatus): Promise<StackEntry[]>;
  /** A new stack's first draft (version 1). An id already used → ConflictError. */
  createDraft(entry: StackEntry): Promise<StackWorkingCopy>;
  /** Writes the working copy as an open draft, only if nobody wrote it since `revision` was read
   *  (ConflictError otherwise). Edits an open draft, or opens the next version of a published one. */
  saveDraft(entry: StackEntry, revision: number): Promise<StackWorkingCopy>;
  /** Makes the open draft read at `revision` the version in force, keeps its snapshot, and points
   *  each component achievement at it. Changed since, or no open draft → ConflictError. */
  publish(id: string, options: { revision: number; by: string; at: string }): Promise<StackEntry>;
  /** Retires the published version in force: it stops counting toward stacked awards. */
  retire(id: string, options: { by: string; at: string }): Promise<StackEntry>;
  /** Published stacks with `achievementId` among their components (consistent Query, no Scan). */
  publishedContaining(achievementId: string): Promise<StackRule[]>;
};

export function stacksRepository(table: TableContext): StacksRepository {
  const { tableName: TableName } = table;

  const working = (id: string) => getRecord(table, StackWorkingCopy, 'StackWorkingCopy', keys.stackDraft(id));
  const inForce = (id: string) => getRecord(table, StackEntry, 'Stack', keys.stack(id));

  const workingCopyItem = (entry: StackEntry, revision: number) => ({
    ...entry,
    revision,
    ...keys.stackDraft(entry.definition.id),
    ...keys.stackByStatus('draft', entry.definition.id),
    entity: 'StackWorkingCopy',
  });

  const ruleItem = (entry: StackEntry, achievementId: string, status: StackRule['status']) => {
    const { id, name, issuerId, achievementIds, requires, awards } = entry.definition;
    const rule: StackRule = { stackId: id, name, issuerId, achievementIds, requires, awards, version: entry.version, status };
    return { Put: { TableName, Item: { ...rule, ...keys.stackComponent(achievementId, id), entity: 'StackComponent' } } } satisfies TransactItem;
  };

  /** What a refused write of the working copy means, from the item as it is now. */
  function refusal(id: string, item: Record<string, unknown> | undefined, revision: number, error: unknown): never {
    if (!item) throw new NotFoundError(`no stack '${id}'`, error);
    const now = parseStored(StackWorkingCopy, 'StackWorkingCopy', keys.stackDraft(id), item);
    if (now.revision !== revision) throw new ConflictError(`stack ${id} changed meanwhile (by ${now.updatedBy}); read it again`, error);
    throw new ConflictError(`stack ${id} has no open draft to publish`, error);
  }

  return {
    async get(id) {
      const [copy, current] = await Promise.all([working(id), inForce(id)]);
      if (!copy) return undefined;
      const { revision, ...draft } = copy;
      return { ...(current ? { current } : {}), ...(draft.status === 'draft' ? { draft } : {}), revision };
    },

    list: (status) =>
      queryRecords(table, StackEntry, 'Stack', {
        IndexName: 'GSI1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.stacksWithStatus(status).gsi1pk },
      }),

    async createDraft(entry) {
      const result = await writeTransaction(table, {
        draft: { Put: { TableName, Item: workingCopyItem(entry, 1), ConditionExpression: isNew } },
      });
      if (!result.committed) throw new ConflictError(`a stack '${entry.definition.id}' already exists`, result.error);
      return { ...entry, revision: 1 };
    },

    async saveDraft(entry, revision) {
      const id = entry.definition.id;
      const result = await writeTransaction(table, {
        draft: {
          Put: {
            TableName,
            Item: workingCopyItem(entry, revision + 1),
            ConditionExpression: 'revision = :revision',
            ExpressionAttributeValues: { ':revision': revision },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      });
      if (!result.committed) refusal(id, result.refused.draft?.item, revision, result.error);
      return { ...entry, revision: revision + 1 };
    },

    async publish(id, { revision, by, at }) {
      const [draft, previous] = await Promise.all([working(id), inForce(id)]);
      if (!draft) throw new NotFoundError(`no stack '${id}'`);
      if (draft.status !== 'draft' || draft.revision !== revision) refusal(id, { ...draft }, revision, undefined);
      const components = draft.definition.achievementIds;
      if (components.length > MAX_STACK_COMPONENTS) {
        throw new UnprocessableError(`stack ${id} has ${components.length} components; at most ${MAX_STACK_COMPONENTS} can be published`, [
          { path: 'achievementIds', message: `at most ${MAX_STACK_COMPONENTS}` },
        ]);
      }
      const { revision: _revision, ...content } = draft;
      const published: StackEntry = { ...content, status: 'published', publishedBy: by, publishedAt: at };
      delete published.retiredBy;
      delete published.retiredAt;
      const dropped = (previous?.definition.achievementIds ?? []).filter((a) => !components.includes(a));
      const items: Record<string, TransactItem> = {
        // Conditioned on the revision the four-eyes check was made on: an edit in between fails the publish.
        draft: {
          Update: {
            TableName,
            Key: keys.stackDraft(id),
            UpdateExpression: 'SET #status = :published, publishedBy = :by, publishedAt = :at, revision = :next REMOVE gsi1pk, gsi1sk',
            ConditionExpression: '#status = :draft AND revision = :revision',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':published': 'published', ':draft': 'draft', ':by': by, ':at': at, ':revision': revision, ':next': revision + 1 },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        current: { Put: { TableName, Item: { ...published, ...keys.stack(id), ...keys.stackByStatus('published', id), entity: 'Stack' } } },
        snapshot: { Put: { TableName, Item: { ...published, ...keys.stackVersion(id, published.version), entity: 'StackVersion' }, ConditionExpression: isNew } },
      };
      components.forEach((achievementId, i) => (items[`component${i}`] = ruleItem(published, achievementId, 'published')));
      dropped.forEach((achievementId, i) => (items[`dropped${i}`] = ruleItem(published, achievementId, 'withdrawn')));
      const result = await writeTransaction(table, items);
      if (!result.committed) {
        if (result.refused.snapshot) throw new ConflictError(`version ${published.version} of stack ${id} is already published`, result.error);
        refusal(id, result.refused.draft?.item, revision, result.error);
      }
      return published;
    },

    async retire(id, { by, at }) {
      const current = await inForce(id);
      if (!current) throw new NotFoundError(`stack ${id} has no published version to retire`);
      if (current.status !== 'published') throw new ConflictError(`stack ${id} is ${current.status}; only a published stack can be retired`);
      const retired: StackEntry = { ...current, status: 'retired', retiredBy: by, retiredAt: at };
      const items: Record<string, TransactItem> = {
        current: {
          Put: {
            TableName,
            Item: { ...retired, ...keys.stack(id), ...keys.stackByStatus('retired', id), entity: 'Stack' },
            // The version read is still the one in force and still published.
            ConditionExpression: '#status = :published AND version = :version',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':published': 'published', ':version': current.version },
          },
        },
      };
      current.definition.achievementIds.forEach((achievementId, i) => (items[`component${i}`] = ruleItem(current, achievementId, 'retired')));
      const result = await writeTransaction(table, items);
      if (!result.committed) throw new ConflictError(`stack ${id} changed meanwhile; read it again`, result.error);
      return retired;
    },

    async publishedContaining(achievementId) {
      const { pk, skPrefix } = keys.stacksContaining(achievementId);
      const rules = await queryRecords(table, StackRule, 'StackComponent', {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        ConsistentRead: true,
      });
      return rules.filter((rule) => rule.status === 'published');
    },
  };
}
