// Runs in: main process (plain Node). Who owns a running run, told apart for sure: a process id alone is not enough,
// because `process.kill(pid, 0)` also succeeds for a killed process not yet reaped (a zombie) and for an unrelated
// process that was given the same id later. On Linux a process's start time (field 22 of /proc/<pid>/stat, in clock
// ticks since boot) never changes while it lives and differs for the next process with that id.
import { readFileSync } from 'node:fs';

export interface OwnerProcess {
  pid: number;
  /** Start time in clock ticks since boot; null where /proc does not give it (not Linux, or not readable). */
  startTime: number | null;
}

interface ProcStat {
  /** R, S, D, Z (zombie), X (dead), ... */
  state: string;
  startTime: number;
}

/** Fields 3 (state) and 22 (start time) of /proc/<pid>/stat; null when there is no such process or no /proc. */
export function readProcStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Field 2 is the command name in parentheses and may itself hold spaces or ')': split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const startTime = Number(fields[22 - 3]);
  return Number.isFinite(startTime) ? { state: fields[0], startTime } : null;
}

let self: OwnerProcess | undefined;

/** This process, read once: its start time never changes. */
export function currentProcess(): OwnerProcess {
  self ??= { pid: process.pid, startTime: readProcStat(process.pid)?.startTime ?? null };
  return self;
}

/** False when the owner is certainly gone: no such process, a zombie, or another process now holding its id. */
export function ownerAlive(owner: OwnerProcess): boolean {
  if (owner.pid === process.pid) {
    // Without a start time, our own id in the log is from an earlier life (this process is just starting).
    return owner.startTime !== null && owner.startTime === currentProcess().startTime;
  }
  const stat = readProcStat(owner.pid);
  if (stat !== null) {
    if (stat.state === 'Z' || stat.state === 'X') return false;
    if (owner.startTime !== null && stat.startTime !== owner.startTime) return false;
    return true;
  }
  // No /proc entry: on Linux the process is gone; elsewhere ask the kernel (EPERM: alive, someone else's).
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
