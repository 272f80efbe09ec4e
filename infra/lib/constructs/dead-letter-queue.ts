// A dead-letter queue as Tessera makes each one: SQS-managed encryption, TLS only, and two weeks
// for someone to look (each has an alarm where it is used).
import { Duration, Validations, aws_sqs as sqs } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** `holds` says what lands in it, for the cdk-nag acknowledgement (a DLQ has no DLQ of its own). */
export function deadLetterQueue(scope: Construct, id: string, holds: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself the dead-letter destination (for ${holds}); a queue behind it would never be read.`,
  });
  return queue;
}
