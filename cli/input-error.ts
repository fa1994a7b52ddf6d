/** A problem with one input, worded for the `apigw-errors: <what> (<hint>)` line. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}
