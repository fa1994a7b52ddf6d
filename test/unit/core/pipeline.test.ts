/** analyze over whole batches, and what it hands the counters. Lines are SYNTHETIC. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateDelivery } from '../../../lambda/core/aggregate';
import { analyze } from '../../../lambda/core/pipeline';

describe('analyze', () => {
  it('counts every unparsed line of a batch of 300,000 without overflowing the stack', () => {
    const events = Array.from({ length: 300_000 }, (_, i) => ({
      id: String(i),
      timestamp: 0,
      message: `noise ${i}`,
    }));
    const analysis = analyze([{ source: { name: 'noise.log' }, events }]);
    assert.equal(analysis.stats.unparsed, 300_000);
    assert.equal(analysis.unparsed.length, 300_000);
  });

  it('asks the classifier it is given about every joined request, and still summarises each one', () => {
    const events = [
      '{"requestId":"r1","apiId":"a1","stage":"prod","status":502,"error.responseType":"INTEGRATION_FAILURE"}',
      '{"requestId":"r2","apiId":"a1","stage":"prod","status":200}',
    ].map((message, i) => ({ id: String(i), timestamp: 1, message }));
    const asked: string[] = [];
    const analysis = analyze([{ source: { name: 'two.log' }, events }], (request) => {
      asked.push(request.requestId);
      return undefined;
    });
    assert.deepEqual(asked, ['r1', 'r2']);
    assert.equal(analysis.stats.failed, 0);
    assert.deepEqual(
      analysis.requests.map((r) => `${r.requestId} ${r.api} ${r.stage}`),
      ['r1 a1 prod', 'r2 a1 prod'],
    );
    assert.equal(analyze([{ source: { name: 'two.log' }, events }]).stats.failed, 1);
  });
});

describe('analyze, then aggregateDelivery', () => {
  const T = Date.UTC(2026, 10, 25, 12, 1);
  const counts = (lines: string[], source: { logGroup?: string; name?: string }) => {
    const events = lines.map((message, i) => ({ id: String(i), timestamp: T, message }));
    const { increments } = aggregateDelivery(analyze([{ source, events }]), {
      windowMinutes: 5,
      countExecutionLogs: false,
      fallbackTimeMs: T,
    });
    return increments.map((i) => `${i.api} ${i.stage} ${i.subject} ${i.count}`).sort();
  };

  it("counts a failure and the requests of a format that logs no stage (AWS's CLF preset) in one scope, so the error rate can be judged", () => {
    assert.deepEqual(
      counts(
        [
          '203.0.113.7 - - [25/Nov/2026:12:01:00 +0000] "GET /pets HTTP/1.1" 502 36 11111111-1111-4111-8111-111111111111',
          '203.0.113.7 - - [25/Nov/2026:12:01:01 +0000] "GET /pets HTTP/1.1" 200 90 22222222-2222-4222-8222-222222222222',
        ],
        { logGroup: '/aws/apigateway/orders-access' },
      ),
      [
        '/aws/apigateway/orders-access unknown requests 2',
        '/aws/apigateway/orders-access unknown unknown.server 1',
      ],
    );
  });

  it('counts a file with no API or stage under the unknown scope for both, not under its file name', () => {
    assert.deepEqual(
      counts(
        [
          '{"requestId":"r1","status":"504","error.responseType":"INTEGRATION_TIMEOUT"}',
          '{"requestId":"r2","status":"200"}',
        ],
        { name: 'paste.log' },
      ),
      ['unknown unknown requests 2', 'unknown unknown timeout.integration 1'],
    );
  });
});
