// Runs in: renderer (pure). One honest progress figure for an import made of parts (in the browser mode: the upload,
// then main reading the file), each reporting its own 0..1: the parts are laid end to end by weight, and the figure
// never goes back. It stops short of 100% until the summary is on screen, since main still has work after reading.
export interface ImportPhases {
  /** Each part's share of the whole wait, summing to 1. */
  weights: number[];
  /** The part now reporting. */
  phase: number;
  /** Its last fraction. */
  last: number;
  overall?: number;
}

/** The most the figure shows before the import answers. */
export const BEFORE_ANSWER = 0.97;

export function overallFraction(state: ImportPhases, fraction: number): ImportPhases {
  const f = Math.min(1, Math.max(0, fraction));
  let phase = state.phase;
  // A part that had finished and a fraction that starts low again: the next part has begun.
  if (state.last >= 0.99 && f < state.last - 0.2 && phase < state.weights.length - 1) phase += 1;
  const done = state.weights.slice(0, phase).reduce((a, b) => a + b, 0);
  const raw = done + state.weights[phase] * f;
  const overall = Math.min(BEFORE_ANSWER, Math.max(state.overall ?? 0, raw));
  return { ...state, phase, last: f, overall };
}
