// The SES identity Tessera sends from. A domain identity (the default) publishes DKIM records the
// institution adds to its DNS; an address identity only needs the mailbox owner to click a link.
import { aws_ses as ses } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface MailProps {
  /** The sender address (TESSERA_MAIL_FROM). */
  readonly from: string;
  /**
   * Verify the whole domain of `from` (DKIM-signed mail, better deliverability) or only `from`.
   * @default 'domain'
   */
  readonly identity?: 'domain' | 'address';
}

export class Mail extends Construct {
  public readonly emailIdentity: ses.EmailIdentity;
  /** The identity SES checks ses:SendEmail against. */
  public readonly identityArn: string;
  public readonly from: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const [, domain] = /^[^@\s]+@([^@\s]+)$/.exec(props.from) ?? [];
    if (!domain) throw new Error(`Mail from '${props.from}' must be an email address`);
    this.from = props.from;
    this.emailIdentity = new ses.EmailIdentity(this, 'Identity', {
      identity: (props.identity ?? 'domain') === 'domain' ? ses.Identity.domain(domain) : ses.Identity.email(props.from),
    });
    this.identityArn = this.emailIdentity.emailIdentityArn;
  }
}
