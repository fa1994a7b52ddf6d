/**
 * The real-cause taxonomy (../shared/taxonomy.md). Cause ids are a public contract: the CLI's JSON,
 * the SNS alert, the metrics' `Cause` dimension and the per-cause threshold overrides use them verbatim.
 */

export const OWNER = {
  caller: 'caller',
  apiOwner: 'api owner',
  backendOwner: 'backend owner',
  callerOrApiOwner: 'caller / api owner',
  callerOrBackendOwner: 'caller / backend owner',
  callerOrSecurity: 'caller / security',
  apiOwnerOrCaller: 'api owner / caller',
  backendOwnerOrApiOwner: 'backend owner / api owner',
} as const;
export type Owner = (typeof OWNER)[keyof typeof OWNER];

/** Which alert threshold a cause counts against: who has to act decides how loud it is. */
export const SEVERITY_GROUP = {
  server: 'server',
  limit: 'limit',
  client: 'client',
} as const;
export type SeverityGroup = (typeof SEVERITY_GROUP)[keyof typeof SEVERITY_GROUP];

interface CauseInfo {
  /** Short human title used in alerts and reports. */
  readonly title: string;
  /** Statuses a client typically sees for this cause, as numbers (the first is the usual one). */
  readonly typicalStatus: readonly number[];
  /**
   * The typical status as the contract writes it, where the numbers alone say less: a status class
   * (`4xx`) or a qualifier (`500 (masked)`, `504 (REST), 503 (HTTP API)`). Only for display.
   */
  readonly statusText?: string;
  /** Retry guidance as the taxonomy states it. */
  readonly retry: string;
  readonly owner: Owner;
  readonly group: SeverityGroup;
  readonly advice: string;
}

export const CAUSES = {
  'bad-request.body': {
    title: 'request body rejected',
    typicalStatus: [400],
    retry: 'no',
    owner: OWNER.caller,
    group: SEVERITY_GROUP.client,
    advice:
      'The request body does not match the method model or is not valid JSON. Fix the caller; retrying the same body will fail again.',
  },
  'bad-request.parameters': {
    title: 'required request parameters missing',
    typicalStatus: [400],
    retry: 'no',
    owner: OWNER.caller,
    group: SEVERITY_GROUP.client,
    advice:
      'A required header, query string or path parameter is missing. Fix the caller; a retry will fail again.',
  },
  'bad-request.backend': {
    title: 'backend rejected the request',
    typicalStatus: [400, 422],
    retry: 'no',
    owner: OWNER.caller,
    group: SEVERITY_GROUP.client,
    advice:
      'The backend itself answered 400/422 (validation). Read the response body for the field it rejected; a retry will fail again.',
  },
  'bad-request.too-large': {
    title: 'request too large',
    typicalStatus: [413, 431],
    retry: 'no',
    owner: OWNER.caller,
    group: SEVERITY_GROUP.client,
    advice:
      "The request exceeded a size limit on its way: API Gateway's (10 MB payload, header size), Lambda's invoke payload (6 MB), or the backend's own when it answered 413. Send smaller requests or upload through S3 presigned URLs.",
  },
  'bad-request.media-type': {
    title: 'unsupported media type',
    typicalStatus: [415],
    retry: 'no',
    owner: OWNER.caller,
    group: SEVERITY_GROUP.client,
    advice:
      'The Content-Type was refused: by the method (passthrough behavior NEVER, or no mapping template for it), by Lambda when the invoke body it got was not JSON, or, when the backend answered 415, by the backend itself. Send a type it accepts, or add a mapping template.',
  },
  'auth.unauthenticated': {
    title: 'unauthenticated',
    typicalStatus: [401],
    retry: 'no',
    owner: OWNER.caller,
    group: SEVERITY_GROUP.client,
    advice:
      'No or invalid token for the authorizer. The caller must sign in again or send the identity source header.',
  },
  'auth.denied': {
    title: 'access denied',
    typicalStatus: [403],
    retry: 'no',
    owner: OWNER.callerOrApiOwner,
    group: SEVERITY_GROUP.client,
    advice:
      "An authorizer policy, IAM policy or resource policy denied execute-api:Invoke, or, with mutual TLS, the client certificate was refused ('Access denied. Reason: …'). Check the caller identity and the policies, or the certificate against the domain's truststore; a retry will not help.",
  },
  'auth.api-key': {
    title: 'API key missing or invalid',
    typicalStatus: [403],
    retry: 'no',
    owner: OWNER.caller,
    group: SEVERITY_GROUP.client,
    advice:
      'The method requires an API key: send x-api-key with a key that is in a usage plan attached to this stage.',
  },
  'auth.signature': {
    title: 'bad or expired signature',
    typicalStatus: [403],
    retry: 'no (sign again)',
    owner: OWNER.caller,
    group: SEVERITY_GROUP.client,
    advice:
      'The SigV4 signature is invalid or its credentials expired. Re-sign with fresh credentials and a correct clock.',
  },
  'auth.waf': {
    title: 'blocked by AWS WAF',
    typicalStatus: [403],
    retry: 'no',
    owner: OWNER.callerOrSecurity,
    group: SEVERITY_GROUP.client,
    advice:
      'An AWS WAF rule blocked the request. Check the web ACL sampled requests for the rule; unblock only if it is a false positive.',
  },
  'auth.backend': {
    title: 'backend refused the caller',
    typicalStatus: [401, 403],
    retry: 'no',
    owner: OWNER.callerOrBackendOwner,
    group: SEVERITY_GROUP.client,
    advice:
      'The backend itself answered 401/403, not API Gateway. Check the token the backend expects and its own authorization logic.',
  },
  'auth.authorizer-error': {
    title: 'authorizer failed',
    typicalStatus: [500],
    statusText: '500 (masked)',
    retry: 'maybe',
    owner: OWNER.apiOwner,
    group: SEVERITY_GROUP.server,
    advice:
      'The Lambda authorizer crashed, timed out or returned something that is not a policy, or API Gateway may not invoke it (its invoke permission or credentials role). Check the evidence and the authorizer function logs; callers cannot fix this.',
  },
  'auth.integration-permission': {
    title: 'API Gateway not allowed to call the integration',
    typicalStatus: [500],
    statusText: '500 (masked)',
    retry: 'no',
    owner: OWNER.apiOwner,
    group: SEVERITY_GROUP.server,
    advice:
      "API Gateway may not call the integration: for a Lambda function, add a lambda:InvokeFunction resource policy for apigateway.amazonaws.com; for an AWS service, give the integration's role the action and let API Gateway assume it (and check the queue, bucket, table or key policy). Retrying does not help until then.",
  },
  'not-found.route': {
    title: 'wrong route',
    typicalStatus: [404, 403],
    statusText: '404, 403 (masked)',
    retry: 'no',
    owner: OWNER.caller,
    group: SEVERITY_GROUP.client,
    advice:
      'No resource/method matches the path, method or stage (REST APIs answer 403 "Missing Authentication Token"). Fix the URL or deploy the route. If the route exists and uses IAM authorization, the request was not signed: sign it with SigV4.',
  },
  'not-found.backend': {
    title: 'backend answered not found',
    typicalStatus: [404],
    retry: 'maybe (read-after-write race on an eventually consistent store)',
    owner: OWNER.callerOrBackendOwner,
    group: SEVERITY_GROUP.client,
    advice:
      'The route exists but the backend has no such item (it answered 404, or 410 Gone). A retry helps only for a read-after-write race, never after a 410.',
  },
  'conflict.state': {
    title: 'state conflict',
    typicalStatus: [409],
    retry: 'no',
    owner: OWNER.caller,
    group: SEVERITY_GROUP.client,
    advice:
      'A conditional write or transaction conflicted with the current state. Re-read the item and decide; a blind retry will conflict again.',
  },
  'conflict.duplicate': {
    title: 'duplicate request',
    typicalStatus: [409],
    retry: 'no (the first request already succeeded)',
    owner: OWNER.caller,
    group: SEVERITY_GROUP.client,
    advice:
      'The same idempotency or caller reference was already used: the first request succeeded. Do not retry.',
  },
  'limit.quota': {
    title: 'usage-plan quota exhausted',
    typicalStatus: [429],
    retry: 'after the quota period resets',
    owner: OWNER.apiOwnerOrCaller,
    group: SEVERITY_GROUP.limit,
    advice: "The API key's usage-plan quota is used up. Raise the quota or wait for the period to reset.",
  },
  'limit.throttle': {
    title: 'API Gateway throttling',
    typicalStatus: [429],
    retry: 'yes, with backoff',
    owner: OWNER.callerOrApiOwner,
    group: SEVERITY_GROUP.limit,
    advice:
      'Stage, method, account or usage-plan throttle limits were exceeded. Callers should retry with exponential backoff; raise the limits if this is normal traffic.',
  },
  'limit.backend': {
    title: 'backend throttled',
    typicalStatus: [500, 502, 503, 504, 429],
    statusText: '500, 502, 503, 504 (masked), 429',
    retry: 'yes, with backoff',
    owner: OWNER.backendOwner,
    group: SEVERITY_GROUP.limit,
    advice:
      "The backend (Lambda concurrency or a downstream AWS service) throttled the call. Raise the function's reserved/account concurrency or the service limit; callers may retry with backoff.",
  },
  'server.function-error': {
    title: 'function error',
    typicalStatus: [502, 500],
    retry: 'maybe',
    owner: OWNER.backendOwner,
    group: SEVERITY_GROUP.server,
    advice:
      "The function threw or returned a server error. Read the function's own logs for the error and stack trace.",
  },
  'server.bad-response': {
    title: 'malformed backend response',
    typicalStatus: [502],
    retry: 'no',
    owner: OWNER.backendOwner,
    group: SEVERITY_GROUP.server,
    advice:
      'The function returned something API Gateway cannot map (proxy response needs statusCode and a string body). Fix the return value; a retry returns the same.',
  },
  'server.configuration': {
    title: 'API configuration error',
    typicalStatus: [500],
    retry: 'no',
    owner: OWNER.apiOwner,
    group: SEVERITY_GROUP.server,
    advice:
      "A mapping template, method response or integration setting is wrong, or the Lambda function cannot run as configured (its VPC subnets, ENIs, KMS key, runtime or package, when the evidence names them). Fix the API configuration and redeploy the stage, or fix the function's configuration.",
  },
  'server.unavailable': {
    title: 'backend unavailable',
    typicalStatus: [503],
    retry: 'yes, with backoff',
    owner: OWNER.backendOwner,
    group: SEVERITY_GROUP.server,
    advice:
      'The backend could not serve the request now: it answered 503 Service Unavailable, or Lambda failed the invoke itself or was not ready for it (a service error, a function being created or updated). Check its health and capacity; callers may retry with backoff.',
  },
  'timeout.function': {
    title: 'function timed out',
    typicalStatus: [502],
    retry: 'maybe; raise the function timeout or make it faster',
    owner: OWNER.backendOwner,
    group: SEVERITY_GROUP.server,
    advice:
      "The function hit its own timeout before the integration timeout. Its logs show what it was waiting on (a slow downstream call, a cold start); a function timeout above the integration timeout turns this into the integration's 504.",
  },
  'timeout.integration': {
    title: 'integration timed out',
    typicalStatus: [504, 503],
    statusText: '504 (REST), 503 (HTTP API)',
    retry: 'maybe; long work should answer 202 and finish asynchronously',
    owner: OWNER.backendOwner,
    group: SEVERITY_GROUP.server,
    advice:
      "The backend did not answer within the integration timeout (29 s by default on REST APIs, 30 s on HTTP APIs). Find what made it slow in the backend's logs; a Regional or private REST API can raise its timeout through a Service Quotas request, an HTTP API cannot.",
  },
  'network.unreachable': {
    title: 'backend unreachable',
    typicalStatus: [502, 504],
    retry: 'yes, when the backend is restarting',
    owner: OWNER.backendOwnerOrApiOwner,
    group: SEVERITY_GROUP.server,
    advice:
      "API Gateway could not reach the backend (connection refused, DNS, TLS or VPC link failure). Check target health, security groups and the VPC link; for a TLS error, that the integration's host name matches the backend's certificate.",
  },
  // The two status-only causes' advice is for a line that logs nothing but the status: classify
  // tells a request whose line logs more only what it lacks (status-only-advice.ts).
  'unknown.client': {
    title: 'client error (no detail logged)',
    typicalStatus: [400],
    statusText: '4xx',
    retry: 'no',
    owner: OWNER.caller,
    group: SEVERITY_GROUP.client,
    advice:
      'Only the 4xx status is known. Add $context.error.responseType and $context.integration.status to the access-log format to learn more.',
  },
  'unknown.server': {
    title: 'server error (no detail logged)',
    typicalStatus: [500],
    statusText: '5xx',
    retry: 'maybe',
    owner: OWNER.apiOwner,
    group: SEVERITY_GROUP.server,
    advice:
      'Only the 5xx status is known. Add $context.error.responseType and $context.integration.* to the access-log format, or enable execution logs, to learn more.',
  },
} as const satisfies Record<string, CauseInfo>;

export type Cause = keyof typeof CAUSES;

/** The typical status for people to read: the contract's wording, else the numbers. */
export function typicalStatusText(info: CauseInfo): string {
  return info.statusText ?? info.typicalStatus.join(', ');
}
export const CAUSE_IDS = Object.keys(CAUSES) as Cause[];

export type Family = Cause extends `${infer F}.${string}` ? F : never;

export function familyOf(cause: Cause): Family {
  return cause.slice(0, cause.indexOf('.')) as Family;
}

export function isCause(value: string): value is Cause {
  return Object.hasOwn(CAUSES, value);
}

/** Which client statuses belong to a cause's family: any other status hid the real cause. */
const STATUS_CLASS = {
  badRequest: 'bad-request',
  conflict: 'conflict',
  server: 'server',
  limit: 'limit',
  notFound: 'not-found',
  auth: 'auth',
  any: 'any',
} as const;
type StatusClass = (typeof STATUS_CLASS)[keyof typeof STATUS_CLASS];

/** Status family of a cause, used to decide whether the client status hid the real cause. */
const FAMILY_STATUS_CLASS: Record<Family, StatusClass> = {
  'bad-request': STATUS_CLASS.badRequest,
  auth: STATUS_CLASS.auth,
  'not-found': STATUS_CLASS.notFound,
  conflict: STATUS_CLASS.conflict,
  limit: STATUS_CLASS.limit,
  server: STATUS_CLASS.server,
  timeout: STATUS_CLASS.server,
  network: STATUS_CLASS.server,
  unknown: STATUS_CLASS.any,
};

/**
 * The 4xx statuses the contract gives a family of its own (its "typical client status" column):
 * a bad request's 400, 413, 415, 422 and 431, auth's 401 and 403, not-found's 404, a conflict's
 * 409, a limit's 429. Any other 4xx (405, 410, 412, …) names no family.
 */
const CLIENT_STATUS_CLASS: ReadonlyMap<number, StatusClass> = new Map([
  [400, STATUS_CLASS.badRequest],
  [413, STATUS_CLASS.badRequest],
  [415, STATUS_CLASS.badRequest],
  [422, STATUS_CLASS.badRequest],
  [431, STATUS_CLASS.badRequest],
  [401, STATUS_CLASS.auth],
  [403, STATUS_CLASS.auth],
  [404, STATUS_CLASS.notFound],
  [409, STATUS_CLASS.conflict],
  [429, STATUS_CLASS.limit],
]);

/**
 * Masked: the status the client saw belongs to another family than the real cause
 * (a 500 that is `limit.backend`, a 403 that is `not-found.route`, a 500 that is an auth failure,
 * a 400 that is a failed conditional write, `conflict.state`).
 */
export function isMasked(cause: Cause, clientStatus: number | undefined): boolean {
  if (clientStatus === undefined) {
    // The client status is unknown, but the causes that API Gateway always reports under another
    // family's status are masked by construction.
    return (
      cause === 'limit.backend' ||
      cause === 'auth.integration-permission' ||
      cause === 'auth.authorizer-error'
    );
  }
  const kind = FAMILY_STATUS_CLASS[familyOf(cause)];
  switch (kind) {
    case STATUS_CLASS.any:
      return false;
    case STATUS_CLASS.server:
      return clientStatus < 500;
    default: {
      // A client error the client saw as a success (a service's 400 mapped to 200) or as a 5xx is
      // masked, and so is one under another family's 4xx; a 4xx of no family's (a 410, a gateway
      // response customised to 420) hides nothing.
      if (clientStatus < 400 || clientStatus >= 500) return true;
      const seen = CLIENT_STATUS_CLASS.get(clientStatus);
      return seen !== undefined && seen !== kind;
    }
  }
}
