/**
 * The analyzer's CloudWatch dashboard: failures and masked failures by cause, requests, the lines it
 * could not parse per log group it subscribes, the execution-log failures not counted from those
 * logs (when access logs count instead), and the health of its alarms.
 */
import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { DIMENSION, METRIC } from '../lambda/core/emf';

/** What the analyzer's configuration lets its metrics mean. */
interface DashboardOptions {
  /**
   * False when the access-log filter passes only some requests: `Requests` then counts the lines it
   * let through, and its widget says so instead of calling them requests.
   */
  readonly requestsAreEveryRequest: boolean;
  /**
   * True when the stack subscribes access and execution logs: execution-log failures then count
   * only through their API's access log, and a widget graphs every one the execution logs show.
   */
  readonly executionFailuresCountedFromAccessLogs: boolean;
}

/**
 * Adds the analyzer's dashboard to it (id `Dashboard`): the metrics of `namespace`, unparsed lines
 * for `logGroups` (the ones this analyzer subscribes) only, and the status of `alarms`.
 */
export function addAnalyzerDashboard(
  analyzer: Construct,
  namespace: string,
  dashboardName: string | undefined,
  logGroups: readonly logs.ILogGroup[],
  alarms: readonly cloudwatch.IAlarm[],
  options: DashboardOptions,
): cloudwatch.Dashboard {
  // A SEARCH schema must hold a namespace of other characters than letters and digits in double
  // quotes (CloudWatch User Guide, search expression syntax); one known only at deploy may too.
  const schemaNamespace =
    Token.isUnresolved(namespace) || /[^A-Za-z0-9]/.test(namespace) ? `"${namespace}"` : namespace;
  const search = (dimensions: string, metricName: string, label: string) =>
    new cloudwatch.MathExpression({
      expression: `SEARCH('{${schemaNamespace},${dimensions}} MetricName="${metricName}"', 'Sum', 300)`,
      label,
      period: Duration.minutes(5),
    });
  const dashboard = new cloudwatch.Dashboard(analyzer, 'Dashboard', {
    ...(dashboardName === undefined ? {} : { dashboardName }),
    defaultInterval: Duration.hours(3),
  });
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'Failed requests by cause',
      left: [search('Api,Stage,Cause', 'FailedRequests', '')],
      width: 12,
    }),
    new cloudwatch.GraphWidget({
      title: 'Masked failures (client saw another status family) by cause',
      left: [search('Api,Stage,Cause', 'MaskedFailedRequests', '')],
      width: 12,
    }),
  );
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: options.requestsAreEveryRequest
        ? 'Requests by API and stage'
        : 'Access-log lines the filter passed by API and stage (not every request)',
      left: [search('Api,Stage', 'Requests', '')],
      width: 12,
    }),
    new cloudwatch.GraphWidget({
      title: 'Log lines the analyzer could not parse',
      // One line per log group this stack subscribes, so a count says whose format is not
      // understood, and another stack's groups in a shared namespace never show here. CloudWatch
      // allows 500 metrics per widget; a stack reaches CloudFormation's 500 resources first (each
      // log group adds its subscription filter beside the analyzer's own). The stack's one UnparsedLines alarm
      // watches the sum by FunctionName and names this graph's title: keep them in step.
      left: logGroups.map(
        (group) =>
          new cloudwatch.Metric({
            namespace,
            metricName: METRIC.unparsedLines,
            dimensionsMap: { [DIMENSION.logGroup]: group.logGroupName },
            label: group.logGroupName,
            statistic: cloudwatch.Stats.SUM,
            period: Duration.minutes(5),
          }),
      ),
      width: 12,
    }),
  );
  if (options.executionFailuresCountedFromAccessLogs) {
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        // Every execution-log failure: one delivery never holds both log kinds, so the function
        // cannot tell which ones the access log counted too.
        title:
          'Execution-log failures by API and stage, not counted from these logs (the access logs count): compare with failed requests',
        left: [search('Api,Stage', METRIC.executionLogFailures, '')],
        width: 24,
      }),
    );
  }
  // PutDashboard takes at most 100 alarms in one status widget; the analyzer has at most eight,
  // whatever its number of log groups (one DeliveryErrors alarm queries them all).
  dashboard.addWidgets(
    new cloudwatch.AlarmStatusWidget({ title: 'Analyzer health', alarms: [...alarms], width: 24 }),
  );
  return dashboard;
}
