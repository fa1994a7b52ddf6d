/**
 * How the analyzer keys, names and compares the log groups it subscribes: a construct id suffix per
 * group, a token name made comparable across entries, analyzers and stacks, the name a group created
 * in the app is given, and the stacks in which one name names one group.
 */
import { createHash } from 'node:crypto';
import { Fn, Stack, Token, Tokenization } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** A short, stable, id-safe key for a literal log group name. */
export function keyOf(name: string): string {
  const readable = name.replace(/[^A-Za-z0-9]/g, '').slice(-40);
  return `${readable}${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

/**
 * A token log group name as another entry or analyzer's can be compared with it. A reference to a
 * resource (an API's id, a group's Ref) is named by the resource's path, unique in the app, so the
 * same group named from two stacks compares equal (an API in one stack, its execution log group
 * created in another). Any other token is resolved; resolved, it may refer to logical ids, which are
 * unique only within their stack (one stack class deployed twice has the same ids for different
 * groups), so it is qualified with the stack of the construct it comes from; an export's name
 * (Fn::ImportValue) is one across the account and region, so it is not.
 */
export function tokenName(name: string, owner: Construct): string {
  const stack = Stack.of(owner);
  const otherToken = (resolved: string) =>
    /"(?:Ref|Fn::GetAtt)"/.test(resolved) ? `<${stack.node.path} ${resolved}>` : `<${resolved}>`;
  return Tokenization.reverseString(name)
    .mapTokens({
      mapToken: (token) => {
        // Read by shape, not by class: the app may load another copy of aws-cdk-lib.
        const reference = token as { target?: { node?: { path?: unknown } }; displayName?: unknown };
        const path = reference.target?.node?.path;
        return typeof path === 'string' && typeof reference.displayName === 'string'
          ? `<${path}.${reference.displayName}>`
          : otherToken(JSON.stringify(stack.resolve(token)));
      },
    })
    .join({ join: (left: unknown, right: unknown) => `${left}${right}` });
}

/**
 * The name a log group created in the app is given (`new logs.LogGroup(…, { logGroupName })`), a
 * literal or made of tokens (`API-Gateway-Execution-Logs_${api.restApiId}/…`), which its
 * `logGroupName` attribute hides behind a Ref; undefined for any other group. Read off its
 * CloudFormation resource by type, not by class: the app may load another copy of aws-cdk-lib.
 */
export function physicalName(group: logs.ILogGroup): string | undefined {
  const resource = group.node.defaultChild as
    | { cfnResourceType?: unknown; logGroupName?: unknown }
    | undefined;
  if (resource?.cfnResourceType !== 'AWS::Logs::LogGroup') return undefined;
  const name = resource.logGroupName;
  if (typeof name !== 'string') return undefined;
  // A group given no name holds a token that resolves to nothing: CloudFormation names it.
  return Token.isUnresolved(name) && Stack.of(group).resolve(name) == null ? undefined : name;
}

/** The stack deployed on its own that holds this one: a nested stack is deployed with its parent. */
export function deployedStack(stack: Stack): Stack {
  return stack.nestedStackParent === undefined ? stack : deployedStack(stack.nestedStackParent);
}

/** Both stacks are deployed to one account and region, both named (not left to deploy time). */
export function sameFixedEnvironment(a: Stack, b: Stack): boolean {
  const fixed = (stack: Stack) => !Token.isUnresolved(stack.account) && !Token.isUnresolved(stack.region);
  return fixed(a) && fixed(b) && a.account === b.account && a.region === b.region;
}

/** The names as one environment variable holds them: a list joined by commas, at deploy if need be. */
export function joinNames(names: readonly string[]): string {
  return names.some((name) => Token.isUnresolved(name)) ? Fn.join(',', [...names]) : names.join(',');
}
