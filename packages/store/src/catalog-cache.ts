// A read-through cache for the catalogue (issuers, achievements, webhook sources): data that an
// admin changes rarely and every request reads. Each warm Lambda (and the local process) keeps
// entries for a short TTL, so a catalogue edit shows within that time everywhere.
import type { CatalogueRepository } from './repositories/catalogue.ts';
import type { Store } from './store.ts';

export type CatalogCacheOptions = {
  /** How long an entry (or a miss) is trusted. @default 60_000 */
  ttlMs?: number;
  /** @default Date.now */
  now?: () => number;
};

function cached<T extends { id: string }>(inner: CatalogueRepository<T>, ttlMs: number, now: () => number): CatalogueRepository<T> & { forget(id: string): void } {
  const entries = new Map<string, { value: Promise<T | undefined>; until: number }>();
  return {
    get(id) {
      const hit = entries.get(id);
      if (hit && hit.until > now()) return hit.value;
      const value = inner.get(id);
      entries.set(id, { value, until: now() + ttlMs });
      // A failed read is not remembered: the next caller tries again.
      value.catch(() => entries.delete(id));
      return value;
    },
    forget: (id) => void entries.delete(id),
    async put(value) {
      await inner.put(value);
      entries.delete(value.id);
    },
  };
}

export function withCatalogCache(store: Store, options: CatalogCacheOptions = {}): Store {
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  return {
    ...store,
    issuers: cached(store.issuers, ttlMs, now),
    achievements: cachedAchievements(store.achievements, ttlMs, now),
    webhookSources: { ...cached(store.webhookSources, ttlMs, now), list: () => store.webhookSources.list() },
  };
}

/** The current version is cached like the rest; publishing or retiring through this process drops
 *  its entry at once (another process sees the change within the TTL). */
function cachedAchievements(inner: Store['achievements'], ttlMs: number, now: () => number): Store['achievements'] {
  const current = cached<Awaited<ReturnType<Store['achievements']['get']>> & { id: string }>(inner, ttlMs, now);
  return {
    ...inner,
    get: current.get,
    put: current.put,
    async publish(published, draftUpdatedAt) {
      await inner.publish(published, draftUpdatedAt);
      current.forget(published.id);
    },
    async retire(id) {
      const retired = await inner.retire(id);
      current.forget(id);
      return retired;
    },
  };
}
