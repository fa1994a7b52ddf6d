import type { UnparsedLine } from '../lambda/core/types';

/** A problem with one input, worded for the `apigw-errors: <what> (<hint>)` line. */
export class InputError extends Error {
  override readonly name: string = 'InputError';
  constructor(
    message: string,
    readonly hint: string,
    /**
     * What the input held that it was refused for, as the report counts it when the run reads other
     * inputs: its subscription payloads that do not decode. Unset, the input counts as one line.
     */
    readonly unparsed?: readonly UnparsedLine[],
  ) {
    super(message);
  }
}

/**
 * An input that could not be read at all (a missing file, permission denied, a failed read): the
 * command or the machine is at fault, not what the input holds, so no run goes on without it.
 */
export class InputAccessError extends InputError {
  override readonly name: string = 'InputAccessError';
}
