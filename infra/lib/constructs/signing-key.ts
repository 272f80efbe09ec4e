// An issuer signing key: Ed25519 for the Data Integrity proof, or RSA_2048 for VC-JWT (RS256). It
// lives in KMS and never leaves it: the functions ask KMS to sign, and the public half goes into
// did.json (from the key history) so anyone can verify without us.
import { Duration, RemovalPolicy, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ProofFormat } from '../../../packages/core/src/domain.ts';

/** The KMS key each proof format signs with, and the Sign request the adapter makes with it
 *  (packages/adapters/src/signer): the IAM conditions allow exactly that request. */
export const SIGNING_KEY_KINDS = {
  'data-integrity': {
    keySpec: kms.KeySpec.ECC_NIST_EDWARDS25519,
    signingAlgorithm: 'ED25519_SHA_512',
    messageType: 'RAW',
    // Unchanged since the first deploy: a new description would be a needless update of a live key.
    description: 'Tessera issuer key: signs Open Badges 3.0 credentials (Data Integrity eddsa-rdfc-2022)',
  },
  // DIGEST: a badge's JWS signing input outgrows RAW's 4096 bytes; the adapter hashes it (SHA-256).
  'vc-jwt': {
    keySpec: kms.KeySpec.RSA_2048,
    signingAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
    messageType: 'DIGEST',
    description: 'Tessera issuer key: signs Open Badges 3.0 credentials as VC-JWT (RS256)',
  },
} as const satisfies Record<ProofFormat, { keySpec: kms.KeySpec; signingAlgorithm: string; messageType: 'RAW' | 'DIGEST'; description: string }>;

export interface SigningKeyProps {
  /**
   * Which proof the key signs, hence its key spec.
   * @default 'data-integrity' (Ed25519)
   */
  readonly proofFormat?: ProofFormat;
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
  public readonly proofFormat: ProofFormat;

  constructor(scope: Construct, id: string, props: SigningKeyProps) {
    super(scope, id);
    if (!/^[a-zA-Z0-9/_-]{1,250}$/.test(props.aliasName) || props.aliasName.startsWith('aws/')) {
      throw new Error(`SigningKey aliasName '${props.aliasName}' must be 1-250 of a-z A-Z 0-9 / _ - and must not start with aws/`);
    }
    this.proofFormat = props.proofFormat ?? 'data-integrity';
    const kind = SIGNING_KEY_KINDS[this.proofFormat];
    this.key = new kms.Key(this, 'Key', {
      description: kind.description,
      // Both are needed: without keyUsage CDK would emit an ENCRYPT_DECRYPT key, which KMS refuses for these specs.
      keySpec: kind.keySpec,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      // Asymmetric keys cannot rotate automatically; see docs/DEPLOY.md "Key rotation".
      enableKeyRotation: false,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      pendingWindow: props.pendingWindow ?? Duration.days(30),
    });
    this.alias = this.key.addAlias(`alias/${props.aliasName}`);
  }
}
