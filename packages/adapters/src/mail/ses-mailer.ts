// Sends mail through Amazon SES (v2 API) as one simple message with a text and an HTML part.
// SDK errors propagate unchanged so the workflow's Retry/Catch can see SES's own error names.
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mail, Mailer } from '@tessera/core';

export type SesMailerOptions = {
  client: SESv2Client;
  /** A verified SES identity: the address every mail comes from. */
  from: string;
};

const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });

export function createSesMailer({ client, from }: SesMailerOptions): Mailer {
  return {
    async send(mail: Mail): Promise<void> {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [mail.to] },
          Content: {
            Simple: {
              Subject: utf8(mail.subject),
              Body: { Text: utf8(mail.text), Html: utf8(mail.html) },
            },
          },
        }),
      );
    },
  };
}
