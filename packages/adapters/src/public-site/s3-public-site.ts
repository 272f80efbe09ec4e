// Publishes public artefacts to the S3 bucket behind the CloudFront public origin.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { publicPathSegments, type PublicObject, type PublicSite } from '@tessera/core';
import { cacheControlFor } from './cache-control.ts';

export type S3PublicSiteOptions = { client: S3Client; bucket: string };

export function createS3PublicSite({ client, bucket }: S3PublicSiteOptions): PublicSite {
  return {
    async publish({ path, body, contentType, immutable }: PublicObject): Promise<void> {
      publicPathSegments(path);
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: path,
          Body: body,
          ContentType: contentType,
          CacheControl: cacheControlFor(immutable, path),
        }),
      );
    },
  };
}
