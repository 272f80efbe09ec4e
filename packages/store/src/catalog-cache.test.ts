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
});
