// An issuer signing key: Ed25519 for the Data Integrity proof, or RSA_2048 for VC-JWT (RS256). It
// lives in KMS and never leaves it: the functions ask KMS to sign, and the public half goes into
// did.json (from the key history) so anyone can verify without us.
import { Aws, Duration, RemovalPolicy, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ProofFormat } from '@tessera/core';

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

/**
 * What the account's key administrators may do: manage the key, never use it. The list CDK's
 * legacy admin policy used, minus GenerateDataKey (no use on a signing key).
 */
export const KEY_ADMINISTRATION_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
] as const;

/**
 * The IAM role path of the functions that may sign with a stage's keys. The key policy names the
 * path, not the roles (which live in the App stack, deployed after this key): creating a role under
 * it takes iam:CreateRole, which only administrators have. VC-JWT signers sit one level deeper, so
 * the Ed25519 key admits them too (they sign with both) but the RSA key admits no one else.
 */
export function signerRolePath(stageName: string, proofFormat: ProofFormat): string {
  return proofFormat === 'vc-jwt' ? `/tessera/${stageName}/signers/jwt/` : `/tessera/${stageName}/signers/`;
}

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
  /**
   * Roles under this IAM path may sign with the key (and read its public half); their own IAM
   * policies must allow it too. Unset for a retired key: nobody may sign with it again.
   * @default - nobody may sign
   */
  readonly signerRolePath?: string;
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
    // The key policy replaces CDK's default (kms:* for the whole account, which would let any IAM
    // policy grant kms:Sign): administrators manage the key, only the signer roles use it.
    const policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'KeyAdministration',
          principals: [new iam.AccountRootPrincipal()],
          actions: [...KEY_ADMINISTRATION_ACTIONS],
          resources: ['*'], // in a key policy "*" means this key
        }),
      ],
    });
    if (props.signerRolePath) {
      if (!/^\/([\w+=,.@-]+\/)+$/.test(props.signerRolePath))
        throw new Error(`SigningKey signerRolePath '${props.signerRolePath}' must be an IAM path such as /tessera/dev/signers/`);
      const signers = { ArnLike: { 'aws:PrincipalArn': `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role${props.signerRolePath}*` } };
      policy.addStatements(
        new iam.PolicyStatement({
          sid: 'SignAsIssuer',
          principals: [new iam.AccountRootPrincipal()],
          actions: ['kms:Sign'],
          resources: ['*'],
          conditions: { ...signers, StringEquals: { 'kms:SigningAlgorithm': kind.signingAlgorithm, 'kms:MessageType': kind.messageType } },
        }),
        new iam.PolicyStatement({ sid: 'ReadPublicKey', principals: [new iam.AccountRootPrincipal()], actions: ['kms:GetPublicKey'], resources: ['*'], conditions: signers }),
      );
    }
    this.key = new kms.Key(this, 'Key', {
      description: kind.description,
      policy,
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
