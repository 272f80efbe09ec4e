import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ValidationError } from '@tessera/core';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, it } from 'vitest';
import { createS3PublicSite } from './s3-public-site.ts';

const s3 = mockClient(S3Client);
const site = createS3PublicSite({ client: new S3Client({ region: 'eu-west-1' }), bucket: 'tessera-public' });

beforeEach(() => {
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
});

it('puts an immutable credential under its path, cached for a year', async () => {
  // Prepare
  const body = '{"type":["VerifiableCredential","OpenBadgeCredential"]}';

  // Act
  await site.publish({ path: 'credentials/abc.json', body, contentType: 'application/json', immutable: true });

  // Assess
  expect(s3.calls()).toHaveLength(1);
  expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input)).toEqual([
    {
      Bucket: 'tessera-public',
      Key: 'credentials/abc.json',
      Body: body,
      ContentType: 'application/json',
      CacheControl: 'public, max-age=31536000, immutable',
    },
  ]);
});

it('puts a mutable file (a status list, did.json) with a short cache', async () => {
  // Prepare
  const body = new Uint8Array([1, 2, 3]);

  // Act
  await site.publish({ path: '.well-known/did.json', body, contentType: 'application/did+json', immutable: false });

  // Assess
  expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input)).toEqual([
    {
      Bucket: 'tessera-public',
      Key: '.well-known/did.json',
      Body: body,
      ContentType: 'application/did+json',
      CacheControl: 'public, max-age=300',
    },
  ]);
});

it('publishes a status list with the 60-second max-age CloudFront keeps it for', async () => {
  // Act
  await site.publish({ path: 'status/iss/revocation/1.json', body: '{}', contentType: 'application/json', immutable: false });

  // Assess
  expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.CacheControl)).toEqual(['public, max-age=60']);
});

it('refuses a path the local folder would refuse, and sends nothing', async () => {
  // Act
  const published = site.publish({ path: '/credentials/abc.json', body: '{}', contentType: 'application/json', immutable: true });

  // Assess
  await expect(published).rejects.toBeInstanceOf(ValidationError);
  expect(s3.calls()).toHaveLength(0);
});
