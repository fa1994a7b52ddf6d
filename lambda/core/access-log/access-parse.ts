/**
 * What reading one access line gives: its record, or why it is none. Every format's reader returns it.
 */

import type { AccessLogRecord, UnparsedReason } from '../types';

/** An access line read: its record, or why it is none. */
export type AccessParse =
  | { readonly ok: true; readonly record: AccessLogRecord }
  | { readonly ok: false; readonly reason: UnparsedReason; readonly detail?: string };
