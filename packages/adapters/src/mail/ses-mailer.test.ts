import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, it } from 'vitest';
import { createSesMailer } from './ses-mailer.ts';

const ses = mockClient(SESv2Client);
const mailer = createSesMailer({ client: new SESv2Client({ region: 'eu-west-1' }), from: 'badges@uni.example' });

beforeEach(() => ses.reset());

it('sends one simple UTF-8 message with a text and an HTML part from the configured address', async () => {
  // Prepare
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });

  // Act
  await mailer.send({
    to: 'ada@learner.example',
    subject: 'Your badge: Données & Œuvres',
    text: 'Claim it at https://badges.uni.example/claim/abc',
    html: '<p>Claim it <a href="https://badges.uni.example/claim/abc">here</a></p>',
  });

  // Assess
  expect(ses.calls()).toHaveLength(1);
  expect(ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input)).toEqual([
    {
      FromEmailAddress: 'badges@uni.example',
      Destination: { ToAddresses: ['ada@learner.example'] },
      Content: {
        Simple: {
          Subject: { Data: 'Your badge: Données & Œuvres', Charset: 'UTF-8' },
          Body: {
            Text: { Data: 'Claim it at https://badges.uni.example/claim/abc', Charset: 'UTF-8' },
            Html: { Data: '<p>Claim it <a href="https://badges.uni.example/claim/abc">here</a></p>', Charset: 'UTF-8' },
          },
        },
      },
    },
  ]);
});

it('lets an SES rejection reach the caller', async () => {
  // Prepare
  const rejected = Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' });
  ses.on(SendEmailCommand).rejects(rejected);

  // Act
  const sent = mailer.send({ to: 'ada@learner.example', subject: 's', text: 't', html: '<p>h</p>' });

  // Assess
  await expect(sent).rejects.toBe(rejected);
});
