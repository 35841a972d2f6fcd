// Runtime: Node, run by `npm run bench` through tsx.
/**
 * Sends a signal to every process in the group led by `leaderPid` (a child spawned with `detached: true`).
 * A group that is already gone is not an error.
 */
export function signalProcessGroup(leaderPid: number | undefined, signal: NodeJS.Signals): void {
  if (leaderPid === undefined) return;
  try {
    process.kill(-leaderPid, signal);
  } catch (error) {
    // ESRCH means no process is left in the group, which is what the caller wants.
    if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error;
  }
}
