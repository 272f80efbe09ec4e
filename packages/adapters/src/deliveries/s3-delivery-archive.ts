// Kept delivery bodies in the private deliveries bucket: deliveries/<sourceId>/<deliveryId>.json.
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DELIVERY_OBJECT_PREFIX, type DeliveryArchive, type KeptDelivery } from '@tessera/core';

export type S3DeliveryArchiveOptions = { client: S3Client; bucket: string };

export const deliveryObjectKey = (sourceId: string, deliveryId: string) => `${DELIVERY_OBJECT_PREFIX}${encodeURIComponent(sourceId)}/${encodeURIComponent(deliveryId)}.json`;

export function createS3DeliveryArchive({ client, bucket }: S3DeliveryArchiveOptions): DeliveryArchive {
  return {
    async keep(delivery: KeptDelivery) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: deliveryObjectKey(delivery.sourceId, delivery.deliveryId), Body: JSON.stringify(delivery), ContentType: 'application/json' }),
      );
    },
    async read(sourceId, deliveryId) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: deliveryObjectKey(sourceId, deliveryId) }));
        return JSON.parse(await object.Body!.transformToString('utf8')) as KeptDelivery;
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
  };
}
