/** The route a failed request was sent to, as the CLI report and the alerts name it. */
import type { ClassifiedRequest } from './types';

export interface RouteCount {
  readonly route: string;
  readonly count: number;
}

/** An HTTP API route key names its own method (`GET /items`, `ANY /{proxy+}`). */
const ROUTE_KEY_WITH_METHOD = /^(?:ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S/;

/**
 * `GET /pets/{id}`: the method and route the logs named, or undefined when they named neither. A
 * route key that names its method stands alone: it is the route as the owner configured it.
 */
export function routeLabel(request: Pick<ClassifiedRequest, 'method' | 'route'>): string | undefined {
  if (request.route !== undefined && ROUTE_KEY_WITH_METHOD.test(request.route)) return request.route;
  const label = [request.method, request.route].filter((part) => part !== undefined && part !== '').join(' ');
  return label === '' ? undefined : label;
}

/**
 * The routes with the most failures, most first (ties by name). Failures whose route was not logged
 * count under `unlogged` when it is given, and are left out otherwise.
 */
export function topRoutes(
  failures: Iterable<Pick<ClassifiedRequest, 'method' | 'route'>>,
  limit: number,
  unlogged?: string,
): RouteCount[] {
  const counts = new Map<string, number>();
  for (const failure of failures) {
    const route = routeLabel(failure) ?? unlogged;
    if (route !== undefined) counts.set(route, (counts.get(route) ?? 0) + 1);
  }
  return [...counts]
    .map(([route, count]) => ({ route, count }))
    .sort((a, b) => b.count - a.count || a.route.localeCompare(b.route))
    .slice(0, limit);
}
