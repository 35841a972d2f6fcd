// Runtime: Node, run by `npm run bench` through tsx.
/** Returns a one-line description of anything thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
