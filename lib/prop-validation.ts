/**
 * Synth-time checks of construct props. Values that are tokens (CloudFormation parameters,
 * references) are only known at deploy time, so they are left to CloudFormation's own constraints.
 * Every error names the prop, the bad value and the fix.
 */
import { Token } from 'aws-cdk-lib';

export class AnalyzerPropsError extends Error {
  override readonly name = 'AnalyzerPropsError';
}

/** CloudWatch Logs log group names: 1–512 of these characters (CreateLogGroup's own constraint). */
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** A log group's ARN as the console and describe-log-groups show it, with or without `:*`. */
const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]*:[0-9]*:log-group:([^:]+)(?::\*)?$/;

export function checkLogGroupName(prop: string, name: string): void {
  if (Token.isUnresolved(name)) return;
  if (name.includes(',')) {
    throw new AnalyzerPropsError(
      `${prop} contains "${name}", which holds a comma: pass each log group as its own list entry ` +
        `(for example ["/aws/apigateway/a", "/aws/apigateway/b"]), not one comma-joined string`,
    );
  }
  const arn = LOG_GROUP_ARN.exec(name);
  if (arn !== null && LOG_GROUP_NAME.test(arn[1] ?? '')) {
    throw new AnalyzerPropsError(
      `${prop} contains "${name}", which is a log group's ARN: give its name alone, ${arn[1]} ` +
        `(the stack subscribes log groups in its own account and Region)`,
    );
  }
  if (!LOG_GROUP_NAME.test(name)) {
    throw new AnalyzerPropsError(
      `${prop} contains "${name}", which is not a CloudWatch Logs log group name: use 1 to 512 of ` +
        `A-Z a-z 0-9 . - _ / #, for example API-Gateway-Execution-Logs_abc123defg/prod`,
    );
  }
  if (name.length > MAX_ALARM_DIMENSION_VALUE) {
    throw new AnalyzerPropsError(
      `${prop} contains "${name.slice(0, 60)}…", a name of ${name.length} characters; each log group's DeliveryErrors alarm ` +
        `names it in a metric dimension, and an alarm's dimension value holds at most ${MAX_ALARM_DIMENSION_VALUE} characters: ` +
        `send the API's logs to a log group with a shorter name`,
    );
  }
}

/**
 * An alarm's dimension value: 1 to 255 characters (CloudFormation, AWS::CloudWatch::Alarm Dimension;
 * CDK's Metric refuses a longer one with DimensionValueLengthInvalid), fewer than a log group name's 512.
 */
const MAX_ALARM_DIMENSION_VALUE = 255;

/** A whole number in [min, max]; tokens pass (CloudFormation checks parameters itself). */
export function checkInteger(prop: string, value: number, min: number, max: number): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new AnalyzerPropsError(`${prop} is ${value}; set it to a whole number from ${min} to ${max}`);
  }
}

export function checkPattern(prop: string, value: string, pattern: RegExp, example: string): void {
  if (Token.isUnresolved(value)) return;
  if (!pattern.test(value)) {
    throw new AnalyzerPropsError(
      `${prop} is "${value}", which does not match ${pattern}; use e.g. ${example}`,
    );
  }
}

/** A log group is either an access log group or an execution log group, never both. */
export function checkDisjoint(
  [firstProp, first]: [string, readonly string[]],
  [secondProp, second]: [string, readonly string[]],
): void {
  const firsts = new Set(first.filter((name) => !Token.isUnresolved(name)));
  const both = second.find((name) => firsts.has(name));
  if (both !== undefined) {
    throw new AnalyzerPropsError(
      `log group "${both}" is in both ${firstProp} and ${secondProp}; list it once, under the kind of log it holds`,
    );
  }
}

export function checkUnique(prop: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (Token.isUnresolved(name)) continue;
    if (seen.has(name)) {
      throw new AnalyzerPropsError(
        `${prop} names log group "${name}" twice; list each log group once (it gets one subscription filter)`,
      );
    }
    seen.add(name);
  }
}
