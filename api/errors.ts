/**
 * A domain error: an input (a query parameter, a CLI option, a pack's area or month) is invalid. Its message names
 * the bad value and what is allowed (`detail`: the parameter and the allowed values). Domain code throws it and knows
 * nothing of HTTP: the HTTP layer (api/app.ts `onError`) answers it with a 400, the CLI with a message and exit code 2.
 * @example throw new InputError('unknown category: "burgalry" (did you mean "burglary"?)', { parameter: 'category', allowed });
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'InputError';
  }
}
