/**
 * The console's notation for a Logs Insights query detail, read apart from the URL around it. Every
 * detail here is SYNTHETIC, in the notation of the console's URLs (see the Logs Insights cases of
 * test/cli/live.test.ts for the real shapes and their sources).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insightsDetail, readDetail } from '../../cli/insights-link';

describe("reading a Logs Insights URL's query detail", () => {
  it('reads objects, lists, strings, numbers and words', () => {
    assert.deepEqual(readDetail("~(end~0~start~-3600~live~false~id~null~source~(~'a*2fb~'c)~none~(~))"), {
      end: 0,
      start: -3600,
      live: false,
      id: null,
      source: ['a/b', 'c'],
      none: [],
    });
  });

  it("reads a character beyond a byte (**XXXX) and the console's ! for $", () => {
    assert.equal(readDetail("~'**20ac1!x"), '€1$x');
  });

  it('reads nothing from an escape that is not hex, an unknown word or a list left open', () => {
    for (const text of ["~'a*zz", '~(a~maybe)', "~(~'a", "~(a~'b", '(a~1)']) {
      assert.equal(readDetail(text), undefined, text);
    }
  });

  it("keeps a key named __proto__ as the object's own key: it sets no prototype whose fields the object would seem to have", () => {
    const detail = readDetail("~(__proto__~(source~(~'injected)))") as Record<string, unknown>;
    assert.equal(detail.source, undefined);
    assert.deepEqual(Object.keys(detail), ['__proto__']);
  });

  it('reads nothing from lists nested deeper than any detail, without exhausting the stack', () => {
    assert.equal(readDetail(`${'~('.repeat(100_000)}~)${')'.repeat(100_000)}`), undefined);
  });

  it('takes the detail from behind the one or two URL layers a builder or the console adds, and from the older #logs-insights: form', () => {
    const detail = "~(start~-60~source~(~'g))";
    const once = `https://x.console.aws.amazon.com/cloudwatch/home#logsV2:logs-insights$3FqueryDetail$3D${detail}`;
    const twice = `https://x.console.aws.amazon.com/cloudwatch/home#logsV2:logs-insights${encodeURIComponent(encodeURIComponent(`?queryDetail=${detail}`)).replaceAll('%', '$')}`;
    const legacy = `https://x.console.aws.amazon.com/cloudwatch/home#logs-insights:queryDetail=${detail}`;
    for (const url of [once, twice, legacy])
      assert.deepEqual(insightsDetail(url), { start: -60, source: ['g'] }, url);
    assert.equal(
      insightsDetail('https://x.console.aws.amazon.com/cloudwatch/home#logsV2:logs-insights'),
      undefined,
    );
  });
});
