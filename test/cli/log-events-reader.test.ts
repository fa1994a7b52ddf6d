/** Unit tier: the reader's error mapping and limits, with the SDK client mocked (no network). */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { LOG_READ_ERROR, LogEventsReader, LogReadError } from '../../lambda/adapters/log-events-reader';

const client = new CloudWatchLogsClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const logs = mockClient(client);
const QUERY = { logGroupName: 'g', startTime: 0, endTime: 1 };

afterEach(() => {
  logs.reset();
});

function sdkError(name: string, message: string, code?: string): Error {
  return Object.assign(new Error(message), { name }, code ? { code } : {});
}

describe('log events reader', () => {
  const mapped: { when: string; error: Error; code: string }[] = [
    {
      when: 'no credentials provider found any',
      error: sdkError('CredentialsProviderError', 'Could not load credentials from any providers'),
      code: LOG_READ_ERROR.noCredentials,
    },
    {
      when: 'no Region is configured',
      error: sdkError('Error', 'Region is missing'),
      code: LOG_READ_ERROR.noRegion,
    },
    {
      // What the SDK throws for AWS_REGION="" (checked against the installed SDK's message).
      when: 'the Region is set but empty',
      error: sdkError('Error', 'Region not accepted: region="" is not a valid hostname component.'),
      code: LOG_READ_ERROR.noRegion,
    },
    {
      // The installed SDK's message for AWS_REGION="us-east-1 " (a trailing space pasted with it).
      when: 'the Region is no hostname component',
      error: sdkError('Error', 'Region not accepted: region="us-east-1 " is not a valid hostname component.'),
      code: LOG_READ_ERROR.badRegion,
    },
    {
      when: 'the endpoint refuses connections',
      error: sdkError('Error', 'connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'),
      code: LOG_READ_ERROR.unreachable,
    },
    {
      when: "the endpoint's host name does not resolve",
      error: Object.assign(
        sdkError('Error', 'getaddrinfo ENOTFOUND logs.us-east1.amazonaws.com', 'ENOTFOUND'),
        {
          hostname: 'logs.us-east1.amazonaws.com',
        },
      ),
      code: LOG_READ_ERROR.unknownHost,
    },
    {
      when: 'the key is not recognised',
      error: sdkError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      ),
      code: LOG_READ_ERROR.badCredentials,
    },
    {
      when: 'the session token has expired',
      error: sdkError('ExpiredTokenException', 'The security token included in the request is expired'),
      code: LOG_READ_ERROR.expiredCredentials,
    },
    {
      // The installed SDK's message (@aws-sdk/credential-provider-sso) for a cached token past its expiresAt.
      when: 'the AWS SSO session has expired',
      error: sdkError(
        'CredentialsProviderError',
        'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.',
      ),
      code: LOG_READ_ERROR.expiredCredentials,
    },
    { when: 'anything else fails', error: sdkError('InternalFailure', 'boom'), code: LOG_READ_ERROR.failed },
  ];
  for (const c of mapped) {
    it(`reports ${c.code} when ${c.when}, without retrying`, async () => {
      logs.on(FilterLogEventsCommand).rejects(c.error);
      const reader = new LogEventsReader(client, { sleep: async () => {} });
      await assert.rejects(
        reader.read(QUERY),
        (error: unknown) => error instanceof LogReadError && error.code === c.code && error.logGroup === 'g',
      );
      assert.equal(logs.commandCalls(FilterLogEventsCommand).length, 1);
    });
  }

  it('names the address and port that refused the connection', async () => {
    logs.on(FilterLogEventsCommand).rejects(
      Object.assign(sdkError('Error', 'connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'), {
        address: '127.0.0.1',
        port: 9,
      }),
    );
    await assert.rejects(
      new LogEventsReader(client, { sleep: async () => {} }).read(QUERY),
      (error: unknown) =>
        error instanceof LogReadError &&
        error.message === 'cannot reach CloudWatch Logs at 127.0.0.1:9: ECONNREFUSED',
    );
  });

  it('retries a brief service outage like throttling', async () => {
    logs
      .on(FilterLogEventsCommand)
      .rejectsOnce(sdkError('ServiceUnavailableException', 'try again'))
      .resolves({ events: [{ logStreamName: 's', timestamp: 1, message: 'm', eventId: 'e' }] });
    const batches = await new LogEventsReader(client, { sleep: async () => {} }).read(QUERY);
    assert.deepEqual(batches, [
      { source: { logGroup: 'g', logStream: 's' }, events: [{ id: 'e', timestamp: 1, message: 'm' }] },
    ]);
  });

  it('signs a call again once when the SDK has corrected its clock, then reports a signature still refused instead of calling on', async () => {
    const skewed = Object.assign(sdkError('InvalidSignatureException', 'Signature expired'), {
      $metadata: { httpStatusCode: 400, clockSkewCorrected: true },
    });
    logs
      .on(FilterLogEventsCommand)
      .rejectsOnce(skewed)
      .rejectsOnce(skewed)
      .rejectsOnce(skewed)
      .resolves({ events: [] });
    await assert.rejects(
      new LogEventsReader(client, { sleep: async () => {} }).read(QUERY),
      (error: unknown) => error instanceof LogReadError && error.code === LOG_READ_ERROR.badCredentials,
    );
    assert.equal(logs.commandCalls(FilterLogEventsCommand).length, 2);
  });

  it('follows a nextToken returned again on pages that hold events: that is progress, however long it lasts', async () => {
    let call = 0;
    logs.on(FilterLogEventsCommand).callsFake(() => {
      call += 1;
      const page = {
        events: [{ logStreamName: 's', timestamp: call, message: `m${call}`, eventId: `e${call}` }],
      };
      return call <= 150 ? { ...page, nextToken: 'same' } : page;
    });
    const batches = await new LogEventsReader(client).read(QUERY);
    assert.equal(batches[0]?.events.length, 151);
  });

  it('groups events per log stream, keeping their order within each stream', async () => {
    logs.on(FilterLogEventsCommand).resolves({
      events: [
        { logStreamName: 'a', timestamp: 1, message: 'a1', eventId: '1' },
        { logStreamName: 'b', timestamp: 2, message: 'b1', eventId: '2' },
        { logStreamName: 'a', timestamp: 3, message: 'a2', eventId: '3' },
      ],
    });
    const batches = await new LogEventsReader(client).read(QUERY);
    assert.deepEqual(
      batches.map((b) => [b.source.logStream, b.events.map((e) => e.message)]),
      [
        ['a', ['a1', 'a2']],
        ['b', ['b1']],
      ],
    );
  });

  it('refuses a range holding more than the byte limit instead of exhausting memory', async () => {
    logs.on(FilterLogEventsCommand).resolves({
      events: [{ logStreamName: 's', timestamp: 1, message: 'x'.repeat(600), eventId: 'e' }],
      nextToken: 'more',
    });
    await assert.rejects(
      new LogEventsReader(client, { maxBytes: 1000 }).read(QUERY),
      (error: unknown) => error instanceof LogReadError && error.code === LOG_READ_ERROR.tooLarge,
    );
    assert.equal(logs.commandCalls(FilterLogEventsCommand).length, 2);
  });
});
