// A skills framework as Tessera keeps it, whatever it was imported from (a CASE package or a CSV):
// a flat list of items with stable ids, each with the URL an OB 3.0 alignment points to.
import { ValidationError, type ErrorDetail } from '@tessera/core';

export type FrameworkItem = {
  /** Stable across re-imports: the CASE CFItem identifier, or derived from the framework id and code (CSV). */
  id: string;
  code: string;
  name: string;
  description?: string;
  url: string;
  parentId?: string;
};

export type Framework = { id: string; title: string; sourceUri?: string; items: FrameworkItem[] };

export type HierarchyRules = {
  /** Names an item the way its source does ("CFItems.3", "line 5"). */
  where: (index: number) => string;
  /** CSV codes are keys (ids derive from them); CASE codes (humanCodingScheme) may repeat. */
  uniqueCodes: boolean;
};

/** Refuses an item list a framework cannot be: duplicate ids (or codes), unknown parents, parent cycles. */
export function checkHierarchy(items: readonly FrameworkItem[], { where, uniqueCodes }: HierarchyRules): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const byId = new Map<string, number>();
  const codes = new Map<string, number>();
  items.forEach((item, index) => {
    const sameId = byId.get(item.id);
    if (sameId !== undefined) details.push({ path: where(index), message: `duplicate item id ${item.id} (also ${where(sameId)})` });
    else byId.set(item.id, index);
    const sameCode = uniqueCodes ? codes.get(item.code) : undefined;
    if (sameCode !== undefined) details.push({ path: where(index), message: `duplicate code "${item.code}" (also ${where(sameCode)})` });
    else codes.set(item.code, index);
  });
  items.forEach((item, index) => {
    if (item.parentId !== undefined && !byId.has(item.parentId)) {
      details.push({ path: where(index), message: `parent ${item.parentId} is not an item of this framework` });
    }
  });
  // A parent chain longer than the item count can only be a cycle.
  const parentOf = new Map(items.map((item) => [item.id, item.parentId]));
  items.forEach((item, index) => {
    let current = item.parentId;
    for (let steps = 0; current !== undefined && steps <= items.length; steps++) {
      if (current === item.id) {
        details.push({ path: where(index), message: `item ${item.code} is its own ancestor (a parent cycle)` });
        return;
      }
      current = parentOf.get(current);
    }
  });
  return details;
}

export function frameworkOrThrow(framework: Framework, what: string, rules: HierarchyRules): Framework {
  const details = checkHierarchy(framework.items, rules);
  if (details.length) throw invalid(what, details);
  return framework;
}

export function invalid(what: string, details: ErrorDetail[]): ValidationError {
  return new ValidationError(`invalid ${what}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
}
