import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** ARN of an SSM parameter by name. Names with a path ("/nudge/…") already carry the slash. */
export function parameterArn(scope: Construct, name: string): string {
  const stack = Stack.of(scope);
  const path = name.startsWith('/') ? name : `/${name}`;
  return stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: path.slice(1) });
}

/**
 * `ssm:GetParameter` on exactly the named SecureStrings. The SecureStrings are written by
 * `npm run token:store`, outside CloudFormation (CloudFormation cannot create SecureStrings).
 *
 * With the default `aws/ssm` key no KMS statement is needed: that AWS-managed key's policy lets
 * any principal of the account decrypt through SSM. A customer-managed key gets `kms:Decrypt`
 * on that key only, and only when the call comes through SSM.
 */
export function grantParameterRead(grantee: iam.IGrantable, scope: Construct, names: string[], kmsKeyArn?: string): void {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['ssm:GetParameter'],
    resourceArns: names.map((name) => parameterArn(scope, name)),
  });
  if (kmsKeyArn) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [kmsKeyArn],
        conditions: { StringEquals: { 'kms:ViaService': `ssm.${Stack.of(scope).region}.amazonaws.com` } },
      }),
    );
  }
}
