// The delivery queue on AWS: one SQS message per piece of work, consumed by process-deliveries.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryQueue } from '@tessera/core';

export type SqsDeliveryQueueOptions = { client: SQSClient; queueUrl: string };

export function createSqsDeliveryQueue({ client, queueUrl }: SqsDeliveryQueueOptions): DeliveryQueue {
  return {
    async send(message) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
    },
  };
}
