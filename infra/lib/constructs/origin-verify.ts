// Keeps the API reachable only through CloudFront: CloudFront adds a secret header to every request
// it forwards, and a regional WAF web ACL on the API stage blocks (403) any request without it, before
// API Gateway runs an authorizer or a function. So the execute-api hostname cannot be used to get
// around CloudFront (its WAF, its headers, its logging choices).
import { Validations, aws_apigateway as apigw, aws_secretsmanager as secretsmanager, aws_wafv2 as wafv2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '@tessera/core';

/** The header CloudFront adds (named in @tessera/core: the functions read its presence to trust
 *  CloudFront-Viewer-Address); a viewer's own header of this name is overwritten by CloudFront. */
export { ORIGIN_VERIFY_HEADER };

export interface OriginVerifyProps {
  /** The stage the web ACL guards. */
  readonly stage: apigw.Stage;
  /** Prefixes the web ACL's name and metrics. */
  readonly name: string;
  /**
   * Raise by one to rotate: a new secret (new logical id) replaces the old, and since both the
   * distribution and the web ACL name it, CloudFormation updates both with the new value.
   * @default 1
   */
  readonly generation?: number;
}

export class OriginVerify extends Construct {
  public readonly secret: secretsmanager.Secret;
  public readonly webAcl: wafv2.CfnWebACL;
  /** The header value, as a CloudFormation dynamic reference: resolved at deploy, never in the template. */
  public readonly headerValue: string;

  constructor(scope: Construct, id: string, props: OriginVerifyProps) {
    super(scope, id);
    const generation = props.generation ?? 1;
    if (!Number.isInteger(generation) || generation < 1) throw new Error(`OriginVerify generation ${generation} must be a whole number from 1`);
    this.secret = new secretsmanager.Secret(this, generation === 1 ? 'Secret' : `Secret${generation}`, {
      description: `Tessera ${props.name}: the header value CloudFront adds to API requests; the API's WAF refuses requests without it`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "A shared value between CloudFront and the API's WAF, not a person's credential: rotating means a new value in both, which raising the stage's originSecretGeneration does in one App stack deploy (docs/DEPLOY.md section 12); a Lambda rotation would change the secret without updating either.",
    });
    // unsafeUnwrap gives the {{resolve:secretsmanager:...}} reference, not the value.
    this.headerValue = this.secret.secretValue.unsafeUnwrap();

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `${props.name}-api-origin`,
      description: 'Tessera API: only requests forwarded by its CloudFront distribution',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: false, metricName: `${props.name}-api-origin` },
      rules: [
        {
          name: 'OnlyThroughCloudFront',
          priority: 0,
          action: { block: {} },
          statement: {
            notStatement: {
              statement: {
                byteMatchStatement: {
                  fieldToMatch: { singleHeader: { Name: ORIGIN_VERIFY_HEADER } },
                  positionalConstraint: 'EXACTLY',
                  searchString: this.headerValue,
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          // Sampled requests would show the header value in the console.
          visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: false, metricName: `${props.name}-not-through-cloudfront` },
        },
      ],
    });
    const association = new wafv2.CfnWebACLAssociation(this, 'Association', { resourceArn: props.stage.stageArn, webAclArn: this.webAcl.attrArn });
    association.node.addDependency(props.stage); // the ARN is built from names: wait for the stage itself
  }
}
