/** cdk-nag acknowledgements the analyzer writes on its own resources, with the reason for each. */
import { type CfnResource, Validations } from 'aws-cdk-lib';

/**
 * Acknowledges a cdk-nag finding on the resource that has it, in the forms both major versions read,
 * so a user's app passes either without suppressions of its own: cdk-nag 3 reads Validations
 * acknowledgements (one per finding, `RULE[finding]`); cdk-nag 2 reads only `cdk_nag` metadata on
 * the CloudFormation resource, a rule with the findings it `applies_to`.
 */
export function acknowledgeNagFinding(
  resource: CfnResource,
  rule: string,
  reason: string,
  findings?: readonly string[],
): void {
  for (const id of findings?.map((finding) => `${rule}[${finding}]`) ?? [rule]) {
    Validations.of(resource).acknowledge({ id, reason });
  }
  const existing = (resource.getMetadata('cdk_nag') as { rules_to_suppress?: unknown[] } | undefined)
    ?.rules_to_suppress;
  resource.addMetadata('cdk_nag', {
    rules_to_suppress: [
      ...(existing ?? []),
      { id: rule, reason, ...(findings !== undefined && { applies_to: [...findings] }) },
    ],
  });
}

/**
 * A resolved resource as cdk-nag names it in a finding (`Fn::Join` flattened, `Ref` as `<Name>`,
 * `Fn::GetAtt` as `<Name.Attr>`, `Fn::ImportValue` as the export's name), so one finding can be
 * acknowledged and no other.
 */
export function nagResourceName(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (value !== null && typeof value === 'object') {
    const fn = value as {
      'Fn::Join'?: [string, unknown[]];
      'Fn::ImportValue'?: unknown;
      Ref?: unknown;
      'Fn::GetAtt'?: [unknown, unknown];
    };
    if (fn['Fn::Join']) return fn['Fn::Join'][1].map(nagResourceName).join(fn['Fn::Join'][0]);
    if (fn['Fn::ImportValue'] !== undefined) return nagResourceName(fn['Fn::ImportValue']);
    if (fn.Ref !== undefined) return `<${nagResourceName(fn.Ref)}>`;
    if (fn['Fn::GetAtt'])
      return `<${nagResourceName(fn['Fn::GetAtt'][0])}.${nagResourceName(fn['Fn::GetAtt'][1])}>`;
  }
  return JSON.stringify(value);
}
