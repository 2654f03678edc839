// Runs in: renderer. The text to show for a failed API call.

/** API errors already carry the user-facing message (set by main), so it is shown as is. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
