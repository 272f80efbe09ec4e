export { createFolderDeliveryArchive, type FolderDeliveryArchiveOptions } from './folder-delivery-archive.ts';
export { createS3DeliveryArchive, deliveryObjectKey, type S3DeliveryArchiveOptions } from './s3-delivery-archive.ts';
export { createSqsDeliveryQueue, type SqsDeliveryQueueOptions } from './sqs-delivery-queue.ts';
