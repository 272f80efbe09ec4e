import { BroadcastChannel } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import type { Achievement } from '@tessera/core';
import { withCatalogCache } from './catalog-cache.ts';
import type { Store } from './store.ts';

function storeWith(achievement: Achievement | undefined) {
  const get = vi.fn(async () => achievement);
  const put = vi.fn(async () => {});
  const store = { achievements: { get, put }, issuers: { get, put }, webhookSources: { get, put } } as unknown as Store;
  return { store, get, put };
}

const achievement = { id: 'a1', name: 'A' } as Achievement;

describe('catalogue cache', () => {
  it('reads an entry once within the TTL', async () => {
    const { store, get } = storeWith(achievement);
    let now = 0;
    const cachedStore = withCatalogCache(store, { ttlMs: 1000, now: () => now });

    await cachedStore.achievements.get('a1');
    now = 999;
    await cachedStore.achievements.get('a1');

    expect(get).toHaveBeenCalledTimes(1);
  });

  it('reads again once the TTL has passed', async () => {
    const { store, get } = storeWith(achievement);
    let now = 0;
    const cachedStore = withCatalogCache(store, { ttlMs: 1000, now: () => now });

    await cachedStore.achievements.get('a1');
    now = 1000;
    await cachedStore.achievements.get('a1');

    expect(get).toHaveBeenCalledTimes(2);
  });

  it('forgets an entry when it is written through the cache', async () => {
    const { store, get } = storeWith(achievement);
    const cachedStore = withCatalogCache(store, { ttlMs: 60_000 });

    await cachedStore.achievements.get('a1');
    await cachedStore.achievements.put(achievement);
    await cachedStore.achievements.get('a1');

    expect(get).toHaveBeenCalledTimes(2);
  });

  it('does not remember a failed read', async () => {
    const { store, get } = storeWith(achievement);
    get.mockRejectedValueOnce(new Error('throttled'));
    const cachedStore = withCatalogCache(store, { ttlMs: 60_000 });

    await expect(cachedStore.achievements.get('a1')).rejects.toThrow('throttled');
    await expect(cachedStore.achievements.get('a1')).resolves.toBe(achievement);
  });

  it('reads the published stacks of an achievement once within the TTL, and again after a stack is published or retired', async () => {
    const rules = [{ stackId: 's1', version: 1, status: 'published' }];
    const publishedContaining = vi.fn(async () => rules);
    const publish = vi.fn(async () => ({ id: 's1' }));
    const retire = vi.fn(async () => ({ id: 's1' }));
    const store = { ...storeWith(achievement).store, stacks: { publishedContaining, publish, retire } } as unknown as Store;
    const cachedStore = withCatalogCache(store, { ttlMs: 60_000 });

    expect(await cachedStore.stacks.publishedContaining('a1')).toBe(rules);
    await cachedStore.stacks.publishedContaining('a1');
    expect(publishedContaining).toHaveBeenCalledTimes(1);

    await cachedStore.stacks.publish('s1', { revision: 1, by: 'admin', at: '2026-12-03T00:00:00Z' });
    await cachedStore.stacks.publishedContaining('a1');
    await cachedStore.stacks.retire('s1', { by: 'admin', at: '2026-12-03T00:00:00Z' });
    await cachedStore.stacks.publishedContaining('a1');
    expect(publishedContaining).toHaveBeenCalledTimes(3);
  });

  it("tells the process's other threads of a change, and forgets what another thread changed", async () => {
    // Another thread's cache, as npm start's workflow step threads hold one: the same channel.
    const otherThread = new BroadcastChannel('tessera-catalogue-changes');
    const heard: unknown[] = [];
    otherThread.onmessage = (event) => heard.push((event as MessageEvent).data);
    try {
      const { store, get } = storeWith(achievement);
      const cachedStore = withCatalogCache(store, { ttlMs: 60_000 });

      await cachedStore.achievements.put(achievement);
      await sleep(50);
      expect(heard).toContainEqual({ repository: 'achievements', id: 'a1' });

      await cachedStore.achievements.get('a1');
      otherThread.postMessage({ repository: 'achievements', id: 'a1' });
      await sleep(50);
      await cachedStore.achievements.get('a1');
      expect(get).toHaveBeenCalledTimes(2);
    } finally {
      otherThread.close();
    }
  });
});
