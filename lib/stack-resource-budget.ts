/**
 * The stack resource budget: how many resources the analyzer adds to its stack, how many the stack
 * may hold, and the check that refuses more log groups than fit, naming how many do.
 */
import { CfnResource, STACK_RESOURCE_LIMIT_CONTEXT, Stack, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AnalyzerPropsError, logGroupProps } from './prop-validation';

/**
 * Resources the analyzer adds whatever its log groups: the key, topic and topic policy, table,
 * queue and queue policy, the function with its role, policy, log group, invoke config and invoke
 * permission, seven alarms (DeliveryErrors among them, one query over every log group) and the
 * dashboard; and one per alert subscription and one for the silence alarm. A test measures it from
 * the template.
 */
const OWN_RESOURCES = 20;
/** Each log group's subscription filter. */
const RESOURCES_PER_LOG_GROUP = 1;
/** CloudFormation's resources per stack (CloudFormation quotas), which CDK enforces at synth. */
const MAX_STACK_RESOURCES = 500;
const SPLIT_ADVICE =
  'split the APIs across stacks (-c stackName=…), or in your own app give each of several stacks its own ApiErrorAnalyzer';

/**
 * The limit CDK checks a stack's resources against at synth (its private Stack.maxResources): the
 * context key when set, 0 or less meaning none; else CloudFormation's 500.
 */
function stackResourceLimit(stack: Stack): number | undefined {
  const context: unknown = stack.node.tryGetContext(STACK_RESOURCE_LIMIT_CONTEXT);
  const limit = context === undefined ? MAX_STACK_RESOURCES : Number.parseInt(String(context), 10);
  return limit > 0 ? limit : undefined;
}

function limitWording(limit: number): string {
  return limit === MAX_STACK_RESOURCES
    ? `CloudFormation allows ${limit} resources in a stack`
    : `the stack allows ${limit} resources (${STACK_RESOURCE_LIMIT_CONTEXT})`;
}

function fitting(resources: number): number {
  return Math.max(0, Math.floor(resources / RESOURCES_PER_LOG_GROUP));
}

/**
 * The resources a stack's template will hold, counted as CDK counts them at synth: those under it
 * but not under a stack of their own (a nested stack is one resource of its parent), and not those
 * that render nothing (an IAM policy left without statements).
 */
function stackResources(stack: Stack): number {
  let count = 0;
  const visit = (construct: Construct) => {
    if (CfnResource.isCfnResource(construct)) {
      const rendered = (construct as unknown as { shouldSynthesize?: () => boolean }).shouldSynthesize?.();
      if (rendered !== false) count++;
    }
    for (const child of construct.node.children) if (!Stack.isStack(child)) visit(child);
  };
  visit(stack);
  return count;
}

/**
 * CloudFormation refuses a stack of more than 500 resources, and each log group adds one (its
 * subscription filter). The analyzer's own resources are all in its
 * stack, so more than fit are refused now, naming how many do; the stack's other resources (a user's
 * own stack) are counted at synth, by a validation added to the analyzer.
 */
export function checkResourceBudget(
  analyzer: Construct,
  props: {
    readonly alertEmail?: string;
    readonly alertPhoneNumber?: string;
    readonly silenceAlarmHours?: number;
    readonly stages?: readonly unknown[];
  },
  logGroups: number,
): void {
  // Hours known only at deploy put the alarm in the template, under a condition: it counts there.
  const silence = props.silenceAlarmHours;
  const silenceAlarm = silence !== undefined && (Token.isUnresolved(silence) || silence > 0);
  const others =
    OWN_RESOURCES + (props.alertEmail ? 1 : 0) + (props.alertPhoneNumber ? 1 : 0) + (silenceAlarm ? 1 : 0);
  const own = others + RESOURCES_PER_LOG_GROUP * logGroups;
  const stack = Stack.of(analyzer);
  const limit = stackResourceLimit(stack);
  if (limit === undefined) return;
  const allowed = limitWording(limit);
  if (own > limit) {
    throw new AnalyzerPropsError(
      `${logGroupProps(props)} name ${logGroups} log groups; each adds a resource ` +
        `to the stack (its subscription filter) beside the analyzer's ${others} others, ${own} in all, and ${allowed}, ` +
        `so at most ${fitting(limit - others)} log groups fit in one stack: ${SPLIT_ADVICE}`,
    );
  }
  analyzer.node.addValidation({
    validate: () => {
      const total = stackResources(stack);
      if (total <= limit) return [];
      return [
        `stack ${stack.node.path} holds ${total} resources and ${allowed}: this analyzer's ${logGroups} log groups take ` +
          `${RESOURCES_PER_LOG_GROUP} each beside its ${others} others (${own}), and the stack's other resources ${total - own}, ` +
          `so beside those at most ${fitting(limit - (total - own) - others)} log groups fit in this analyzer: ` +
          `${SPLIT_ADVICE}, or put the analyzer in a stack of its own (a NestedStack has its own limit)`,
      ];
    },
  });
}
