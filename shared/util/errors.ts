// Runs in: anywhere. An error whose message is written for the user (what is wrong and how to fix it).
// Anything else that escapes to the boundary is a bug and is reported as "Internal error: ...".

export class UserError extends Error {
  override readonly name = 'UserError';
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof Error && error.name === 'UserError';
}

/** The message to show for any thrown value. */
export function messageOf(error: unknown): string {
  if (isUserError(error)) return error.message;
  if (error instanceof Error) return `Internal error: ${error.message}`;
  return `Internal error: ${String(error)}`;
}
