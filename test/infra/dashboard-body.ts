/**
 * The synthesized dashboard body read back as JSON: CloudFormation references become `<Ref Id>`
 * and `<Id.Attr>` text, so a test can compare log group names known only at deploy.
 */
import assert from 'node:assert/strict';
import type { Template } from 'aws-cdk-lib/assertions';

function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const fn = value as { 'Fn::Join'?: [string, unknown[]]; Ref?: string; 'Fn::GetAtt'?: [string, string] };
  if (fn['Fn::Join']) return fn['Fn::Join'][1].map(flatten).join(fn['Fn::Join'][0]);
  if (fn.Ref !== undefined) return `<Ref ${fn.Ref}>`;
  if (fn['Fn::GetAtt']) return `<${fn['Fn::GetAtt'][0]}.${fn['Fn::GetAtt'][1]}>`;
  throw new Error(`unexpected value in the dashboard body: ${JSON.stringify(value)}`);
}

export interface Widget {
  readonly type: string;
  readonly properties: {
    readonly title?: string;
    readonly metrics?: readonly unknown[][];
    readonly alarms?: readonly string[];
  };
}

/** The widgets of the template's one dashboard, as PutDashboard will receive them. */
export function dashboardWidgets(template: Template): readonly Widget[] {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  assert.equal(dashboards.length, 1);
  return (JSON.parse(flatten(dashboards[0]?.Properties.DashboardBody)) as { widgets: Widget[] }).widgets;
}

/** The metric lines of the dashboard's widget titled `title`. */
export function widgetMetrics(template: Template, title: string): readonly unknown[][] {
  const widget = dashboardWidgets(template).find((w) => w.properties.title === title);
  assert.ok(widget, `no widget titled ${title}`);
  return widget.properties.metrics ?? [];
}

export const UNPARSED_WIDGET = 'Log lines the analyzer could not parse';

/** Every SEARCH expression on the dashboard, as CloudWatch will read it. */
export function widgetSearches(template: Template): readonly string[] {
  return dashboardWidgets(template).flatMap((w) =>
    (w.properties.metrics ?? []).flatMap((line) =>
      line.flatMap((item) => {
        const expression = (item as { expression?: unknown } | null)?.expression;
        return typeof expression === 'string' && expression.startsWith('SEARCH(') ? [expression] : [];
      }),
    ),
  );
}
