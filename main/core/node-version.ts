// Runs in: plain Node, first thing in each entry point run by Node (serve, the CLI, bench; Electron brings its own).
// better-sqlite3 13 needs Node 22: on Node 20 it dies with "Segmentation fault" at the first database, so an older
// Node gets one clear line instead.
export const MIN_NODE_MAJOR = 22;

/** Why this Node cannot run Seqlab, or null when it can. */
export function nodeVersionProblem(version: string = process.versions.node): string | null {
  const major = Number(version.split('.')[0]);
  if (major >= MIN_NODE_MAJOR) return null;
  return (
    `Node ${version} is too old; Seqlab needs Node ${MIN_NODE_MAJOR} or newer. Start it through npm (\`npm run serve\`, ` +
    '`npx seqlab`), which use the Node 22 the project installs with `npm install`, or install Node 22.'
  );
}

/** Ends the process with that line (exit code 2) on a Node that is too old. */
export function requireSupportedNode(command: string): void {
  const problem = nodeVersionProblem();
  if (problem) {
    console.error(`${command}: ${problem}`);
    process.exit(2);
  }
}
