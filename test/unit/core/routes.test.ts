/**
 * Route labels, as the CLI's "Top routes" and the alerts name them. Methods and routes here are
 * SYNTHETIC, in the shapes API Gateway logs them: a REST resource path, an HTTP API route key
 * (`GET /items`, `ANY /{proxy+}`, `$default`), a WebSocket route key.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeLabel, topRoutes } from '../../../lambda/core/routes';

describe('routeLabel', () => {
  const cases: [
    name: string,
    method: string | undefined,
    route: string | undefined,
    label: string | undefined,
  ][] = [
    ['a REST resource path follows its method', 'GET', '/pets/{id}', 'GET /pets/{id}'],
    [
      'an HTTP API route key that names its method is not given the method twice',
      'GET',
      'GET /items',
      'GET /items',
    ],
    [
      'an ANY route key is the route the owner configured, kept as it is',
      'POST',
      'ANY /{proxy+}',
      'ANY /{proxy+}',
    ],
    ['the $default route key follows its method', 'DELETE', '$default', 'DELETE $default'],
    ['a WebSocket route key stands alone', undefined, '$connect', '$connect'],
    ['a method alone names the request when no route was logged', 'GET', undefined, 'GET'],
    ['nothing logged gives no label', undefined, undefined, undefined],
  ];
  for (const [name, method, route, label] of cases) {
    it(name, () => assert.equal(routeLabel({ method, route }), label));
  }
});

describe('topRoutes', () => {
  it('counts HTTP API requests to one route key under one label', () => {
    const failures = [
      { method: 'GET', route: 'GET /items' },
      { method: 'GET', route: 'GET /items' },
      { method: 'POST', route: 'ANY /{proxy+}' },
    ];
    assert.deepEqual(topRoutes(failures, 5), [
      { route: 'GET /items', count: 2 },
      { route: 'ANY /{proxy+}', count: 1 },
    ]);
  });
});
