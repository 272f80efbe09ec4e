import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@tessera/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFolderPublicSite, onFolderRewrite, type FolderPublicSite } from './folder-public-site.ts';

let base: string;
let dir: string;
let site: FolderPublicSite;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'tessera-public-'));
  dir = join(base, 'public');
  site = createFolderPublicSite({ dir });
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('publish then read', () => {
  it('returns the body with the headers publish was given for an immutable credential', async () => {
    // Prepare
    const body = '{"id":"urn:uuid:abc","name":"Données"}';

    // Act
    await site.publish({ path: 'credentials/abc.json', body, contentType: 'application/vc+ld+json', immutable: true });
    const file = await site.read('credentials/abc.json');

    // Assess
    expect(file).toEqual({
      body: Buffer.from(body, 'utf8'),
      contentType: 'application/vc+ld+json',
      cacheControl: 'public, max-age=31536000, immutable',
    });
  });

  it('returns binary bodies byte for byte with a short cache for mutable files', async () => {
    // Prepare
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);

    // Act
    await site.publish({ path: 'badges/abc.png', body: png, contentType: 'image/png', immutable: false });
    const file = await site.read('badges/abc.png');

    // Assess
    expect(file).toEqual({ body: Buffer.from(png), contentType: 'image/png', cacheControl: 'public, max-age=300' });
  });

  it('replaces an earlier version of a mutable file', async () => {
    // Prepare
    await site.publish({ path: '.well-known/did.json', body: '{"v":1}', contentType: 'application/json', immutable: false });

    // Act
    await site.publish({ path: '.well-known/did.json', body: '{"v":2}', contentType: 'application/json', immutable: false });

    // Assess
    expect((await site.read('.well-known/did.json'))?.body.toString()).toBe('{"v":2}');
  });

  it('leaves no temp files next to the published ones', async () => {
    // Act
    await site.publish({ path: 'credentials/abc.json', body: '{}', contentType: 'application/json', immutable: true });

    // Assess
    expect(await readdir(join(dir, 'credentials'))).toEqual(['abc.json']);
    expect(await readdir(join(dir, '.tessera-meta', '.tmp'))).toEqual([]);
  });
});

describe('files without a sidecar (put in the folder by hand)', () => {
  it.each([
    ['status/1.json', 'application/json', 'public, max-age=60'],
    ['badges/abc.svg', 'image/svg+xml', 'public, max-age=300'],
    ['badges/abc.PNG', 'image/png', 'public, max-age=300'],
    ['index.html', 'text/html; charset=utf-8', 'public, max-age=300'],
    ['LICENSE', 'application/octet-stream', 'public, max-age=300'],
  ])('serves %s as %s with a short cache (%s)', async (path, contentType, cacheControl) => {
    // Prepare
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), 'x');

    // Act
    const file = await site.read(path);

    // Assess
    expect(file).toEqual({ body: Buffer.from('x'), contentType, cacheControl });
  });
});

describe('rewrites announced to every thread (the local invalidation)', () => {
  it('announces a rewritten path, and not an immutable one', async () => {
    // Prepare
    const heard: string[] = [];
    const stop = onFolderRewrite((path) => heard.push(path));

    // Act
    await site.publish({ path: 'credentials/c1.json', body: '{}', contentType: 'application/json', immutable: true });
    await site.publish({ path: 'status/iss/revocation/1.json', body: '{}', contentType: 'application/json', immutable: false });
    await vi.waitFor(() => expect(heard).toHaveLength(1));
    stop();

    // Assess
    expect(heard).toEqual(['status/iss/revocation/1.json']);
    expect((await site.read('status/iss/revocation/1.json'))?.cacheControl).toBe('public, max-age=60');
  });
});

describe('unsafe paths', () => {
  const unsafe = [
    ['../outside.json', 'a .. segment'],
    ['credentials/../../outside.json', 'a nested .. segment'],
    ['/etc/passwd', 'an absolute path'],
    ['credentials\\..\\..\\outside.json', 'backslashes'],
    ['credentials/abc.json\0.png', 'a NUL'],
    ['', 'an empty path'],
    ['credentials//abc.json', 'an empty segment'],
    ['.tessera-meta/credentials/abc.json.json', 'the sidecar folder'],
  ];

  it.each(unsafe)('refuses to publish %j (%s) with a ValidationError and writes nothing', async (path) => {
    // Act
    const published = site.publish({ path, body: 'pwned', contentType: 'text/plain', immutable: false });

    // Assess
    await expect(published).rejects.toBeInstanceOf(ValidationError);
    expect(await readdir(base)).toEqual([]);
  });

  it.each(unsafe)('reads nothing at %j (%s)', async (path) => {
    // Prepare: something worth stealing right outside the folder, and a real sidecar inside
    await writeFile(join(base, 'outside.json'), 'secret');
    await site.publish({ path: 'credentials/abc.json', body: '{}', contentType: 'application/json', immutable: true });

    // Act
    const file = await site.read(path);

    // Assess
    expect(file).toBeUndefined();
  });
});

describe('nothing there', () => {
  it('reads undefined for a path never published, even before the folder exists', async () => {
    // Act
    const file = await site.read('credentials/missing.json');

    // Assess
    expect(file).toBeUndefined();
  });

  it('reads undefined for a folder', async () => {
    // Prepare
    await site.publish({ path: 'credentials/abc.json', body: '{}', contentType: 'application/json', immutable: true });

    // Act
    const file = await site.read('credentials');

    // Assess
    expect(file).toBeUndefined();
  });

  it('reads undefined below a file', async () => {
    // Prepare
    await site.publish({ path: 'credentials/abc.json', body: '{}', contentType: 'application/json', immutable: true });

    // Act
    const file = await site.read('credentials/abc.json/more');

    // Assess
    expect(file).toBeUndefined();
  });
});
