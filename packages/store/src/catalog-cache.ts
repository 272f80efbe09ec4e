// A read-through cache for the catalogue (issuers, achievements, webhook sources): data that an
// admin changes rarely and every request reads. Each warm Lambda (and the local process) keeps
// entries for a short TTL, so a catalogue edit shows within that time everywhere.
// Published stacks by component achievement are cached the same way: the release and the stacked
// award read them for every badge, and they change only when an admin publishes or retires a stack.
// A change written through one thread's cache reaches the other threads of the same process at once
// (`npm start` runs the workflow's steps on worker threads): other processes wait out the TTL.
import { BroadcastChannel } from 'node:worker_threads';
import type { CatalogueRepository } from './repositories/catalogue.ts';
import type { StackRule } from './repositories/stacks.ts';
import type { Store } from './store.ts';

type CachedRepository = 'issuers' | 'achievements' | 'webhookSources' | 'stacks';
type Change = { repository: CachedRepository; id?: string };

/** This thread's caches, told of changes made in another thread (held weakly: a store may go away). */
const listeners = new Set<WeakRef<(change: Change) => void>>();
let channel: BroadcastChannel | undefined;

function changes(): BroadcastChannel {
  if (!channel) {
    channel = new BroadcastChannel('tessera-catalogue-changes');
    // Never what keeps a process (or a Lambda's event loop) alive.
    channel.unref();
    channel.onmessage = (event) => {
      for (const ref of listeners) {
        const listener = ref.deref();
        if (listener) listener((event as MessageEvent).data as Change);
        else listeners.delete(ref);
      }
    };
  }
  return channel;
}

/** `forget` runs when another thread of this process announces a change; `announce` tells them. */
function crossThread(repository: CachedRepository, forget: (id?: string) => void): (id?: string) => void {
  const listener = (change: Change) => {
    if (change.repository === repository) forget(change.id);
  };
  listeners.add(new WeakRef(listener));
  const channel = changes();
  // The listener lives as long as the cache that announces through this closure.
  return (id) => {
    void listener;
    channel.postMessage({ repository, ...(id === undefined ? {} : { id }) } satisfies Change);
  };
}

export type CatalogCacheOptions = {
  /** How long an entry (or a miss) is trusted. @default 60_000 */
  ttlMs?: number;
  /** @default Date.now */
  now?: () => number;
};

function cached<T extends { id: string }>(
  repository: CachedRepository,
  inner: CatalogueRepository<T>,
  ttlMs: number,
  now: () => number,
): CatalogueRepository<T> & { forget(id: string): void } {
  const entries = new Map<string, { value: Promise<T | undefined>; until: number }>();
  const announce = crossThread(repository, (id) => (id === undefined ? entries.clear() : entries.delete(id)));
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
    forget: (id) => {
      entries.delete(id);
      announce(id);
    },
    async put(value) {
      await inner.put(value);
      entries.delete(value.id);
      announce(value.id);
    },
  };
}

export function withCatalogCache(store: Store, options: CatalogCacheOptions = {}): Store {
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  return {
    ...store,
    issuers: cached('issuers', store.issuers, ttlMs, now),
    achievements: cachedAchievements(store.achievements, ttlMs, now),
    webhookSources: { ...cached('webhookSources', store.webhookSources, ttlMs, now), list: () => store.webhookSources.list() },
    stacks: store.stacks && cachedStacks(store.stacks, ttlMs, now),
  };
}

/** The current version is cached like the rest; publishing or retiring through this process drops
 *  its entry at once (another process sees the change within the TTL). */
function cachedAchievements(inner: Store['achievements'], ttlMs: number, now: () => number): Store['achievements'] {
  const current = cached<Awaited<ReturnType<Store['achievements']['get']>> & { id: string }>('achievements', inner, ttlMs, now);
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

/** Published stacks by component achievement; publishing or retiring a stack through this process
 *  forgets them all (a stack names several achievements). */
function cachedStacks(inner: Store['stacks'], ttlMs: number, now: () => number): Store['stacks'] {
  const entries = new Map<string, { value: Promise<StackRule[]>; until: number }>();
  const announce = crossThread('stacks', () => entries.clear());
  const changed = () => {
    entries.clear();
    announce();
  };
  return {
    ...inner,
    publishedContaining(achievementId) {
      const hit = entries.get(achievementId);
      if (hit && hit.until > now()) return hit.value;
      const value = inner.publishedContaining(achievementId);
      entries.set(achievementId, { value, until: now() + ttlMs });
      value.catch(() => entries.delete(achievementId));
      return value;
    },
    async publish(id, options) {
      const published = await inner.publish(id, options);
      changed();
      return published;
    },
    async retire(id, options) {
      const retired = await inner.retire(id, options);
      changed();
      return retired;
    },
  };
}
