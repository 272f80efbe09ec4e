// The shape every catalogue repository shares: an item per id, put whole, read parsed.
import type * as z from 'zod';
import type { ItemKey } from '../keys.ts';
import { getRecord, putRecord, type TableContext } from '../table-context.ts';

export type CatalogueRepository<T extends { id: string }> = {
  get(id: string): Promise<T | undefined>;
  put(value: T): Promise<void>;
};

export function catalogueRepository<S extends z.ZodType<{ id: string }>>(
  table: TableContext,
  schema: S,
  entity: string,
  keyOf: (id: string) => ItemKey,
): CatalogueRepository<z.output<S>> {
  return {
    get: (id) => getRecord(table, schema, entity, keyOf(id)),
    put: (value) => putRecord(table, keyOf(value.id), entity, value),
  };
}
