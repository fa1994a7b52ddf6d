/** The CDK app: `npx cdk deploy -c accessLogGroups=… -c executionLogGroups=…` (see README). */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiErrorAnalyzerStack, STACK_PARAMETER_IDS } from '../lib/api-error-analyzer-stack';
import {
  checkContextKeys,
  ignoredContextKeys,
  ignoredKeyWarning,
  logGroupsFromContext,
  stackNameFromContext,
  subscriptionSummary,
} from '../lib/log-group-context';
import { AnalyzerPropsError } from '../lib/prop-validation';

const app = new App();
try {
  checkContextKeys(app.node, STACK_PARAMETER_IDS);
  new ApiErrorAnalyzerStack(app, stackNameFromContext(app.node), {
    description: 'Classifies failed API Gateway requests by their real cause and alerts once per incident',
  });
  // On stderr, which the CDK CLI shows: CDK ignores an unknown key, and keeps only the last value of
  // a repeated one, silently.
  for (const key of ignoredContextKeys(app.node)) console.error(ignoredKeyWarning(key));
  console.error(subscriptionSummary(logGroupsFromContext(app.node)));
} catch (error) {
  // A configuration mistake gets its message only; a stack trace would bury it.
  if (!(error instanceof AnalyzerPropsError)) throw error;
  console.error(`error: ${error.message}`);
  process.exit(1);
}
// cdk-nag 3 runs as a validation plugin: findings fail the synth unless acknowledged with a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
