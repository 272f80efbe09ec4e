// The issuer's Ed25519 signing key. It lives in KMS and never leaves it: the release step asks
// KMS to sign, and the public half goes into did.json so anyone can verify without us.
import { Duration, RemovalPolicy, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface SigningKeyProps {
  /** The alias, without the `alias/` prefix; it names the key in the console and in CloudTrail. */
  readonly aliasName: string;
  /**
   * What happens to the key when it leaves the stack. Deleting it would make every credential it
   * signed unverifiable once did.json is regenerated, so it is kept.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The waiting period when someone does schedule deletion, the longest KMS allows.
   * @default Duration.days(30)
   */
  readonly pendingWindow?: Duration;
}

export class SigningKey extends Construct {
  public readonly key: kms.Key;
  public readonly alias: kms.Alias;

  constructor(scope: Construct, id: string, props: SigningKeyProps) {
    super(scope, id);
    if (!/^[a-zA-Z0-9/_-]{1,250}$/.test(props.aliasName) || props.aliasName.startsWith('aws/')) {
      throw new Error(`SigningKey aliasName '${props.aliasName}' must be 1-250 of a-z A-Z 0-9 / _ - and must not start with aws/`);
    }
    this.key = new kms.Key(this, 'Key', {
      description: 'Tessera issuer key: signs Open Badges 3.0 credentials (Data Integrity eddsa-rdfc-2022)',
      // Both are needed: without keyUsage CDK would emit an ENCRYPT_DECRYPT key, which KMS refuses for this spec.
      keySpec: kms.KeySpec.ECC_NIST_EDWARDS25519,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      // Asymmetric keys cannot rotate automatically; see docs/DEPLOY.md "Key rotation".
      enableKeyRotation: false,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      pendingWindow: props.pendingWindow ?? Duration.days(30),
    });
    this.alias = this.key.addAlias(`alias/${props.aliasName}`);
  }
}
