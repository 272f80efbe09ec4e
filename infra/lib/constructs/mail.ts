// The SES identity Tessera sends from. A domain identity (the default) publishes DKIM records the
// institution adds to its DNS; an address identity only needs the mailbox owner to click a link.
import { Stack, aws_ses as ses } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface MailProps {
  /** The sender address (TESSERA_MAIL_FROM). */
  readonly from: string;
  /**
   * Verify the whole domain of `from` (DKIM-signed mail, better deliverability) or only `from`.
   * @default 'domain'
   */
  readonly identity?: 'domain' | 'address';
  /**
   * Test recipients while the account is in the SES sandbox: each becomes an address identity,
   * verified by the link SES mails to it.
   * @default none
   */
  readonly sandboxRecipients?: readonly string[];
}

/**
 * The identity ARN SES checks for an address or domain, built from its name: the App stack grants
 * on it without importing the identity, so changing mail.from or mail.identity replaces the
 * identity without an export the App stack still uses (a Data stack update would fail on it).
 */
export function mailIdentityArn(scope: Construct, identity: string): string {
  return Stack.of(scope).formatArn({ service: 'ses', resource: 'identity', resourceName: identity });
}

/** The name of the sender identity: the domain of `from`, or `from` itself. */
export function senderIdentityName(from: string, identity: 'domain' | 'address' = 'domain'): string {
  const [, domain] = /^[^@\s]+@([^@\s]+)$/.exec(from) ?? [];
  if (!domain) throw new Error(`Mail from '${from}' must be an email address`);
  return identity === 'domain' ? domain : from;
}

export class Mail extends Construct {
  public readonly emailIdentity: ses.EmailIdentity;
  public readonly from: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const name = senderIdentityName(props.from, props.identity);
    this.from = props.from;
    this.emailIdentity = new ses.EmailIdentity(this, 'Identity', {
      identity: (props.identity ?? 'domain') === 'domain' ? ses.Identity.domain(name) : ses.Identity.email(name),
    });
    (props.sandboxRecipients ?? []).forEach((address, i) => {
      new ses.EmailIdentity(this, `SandboxRecipient${i}`, { identity: ses.Identity.email(address) });
    });
  }
}
