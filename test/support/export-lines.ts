/**
 * SYNTHETIC lines the JSON-export tests put in their exports, in the shapes of /work/shared/corpus
 * S06-01.log (an execution line) and S02-01.log (an access line): a failed request's final status and
 * another request's refusal, in a stream named as API Gateway names its streams.
 */
export const EXPORT_REQUEST_ID = '6f1c2a3b-0000-4000-8000-000000000502';
export const EXPORT_EXECUTION_LINE = `(${EXPORT_REQUEST_ID}) Method completed with status: 502`;
export const EXPORT_ACCESS_LINE =
  '{"requestId": "synthetic-1", "status": "403", "error_responseType": "MISSING_AUTHENTICATION_TOKEN", "error_message": "Missing Authentication Token"}';
export const EXPORT_T0 = Date.UTC(2026, 10, 25, 10, 15, 30);
export const EXPORT_STREAM = 'e4da3b7fbbce2345d7772b0674a318d5';
