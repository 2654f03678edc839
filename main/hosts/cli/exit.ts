// Runs in: plain Node (the seqlab command). Ending the process without losing output: process.exit drops what a
// pipe has not taken yet (`seqlab compare 1 2 --json | wc -c` printed 65,536 of 87,521 bytes).

/**
 * Exits with `code` once stdout and stderr have handed everything written so far to the system. It still exits
 * rather than waiting for the event loop to empty: a trainer or worker winding down must not keep the command alive.
 */
export function exitAfterOutput(code: number): void {
  process.exitCode = code;
  let waiting = 2;
  const flushed = () => {
    waiting -= 1;
    if (waiting === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    let done = false;
    const once = () => {
      if (!done) {
        done = true;
        flushed();
      }
    };
    // A reader that went away (EPIPE, e.g. `| head`) is not an error of ours: there is nothing left to deliver.
    stream.on('error', once);
    // Callbacks run in order, so this one runs after every earlier write has been flushed.
    stream.write('', once);
  }
}
