// Runs in: renderer (pure). The backend probe's notes ("tensorflow: @tensorflow/tfjs-node is not installed or failed
// to load (Cannot find package ... /dist/main/chunks/...)") in plain words, the developer's text kept as details.
import type { BackendName } from '../../shared/model/config';

export const BACKEND_NAMES: Record<BackendName, string> = {
  tensorflow: 'Native TensorFlow (tfjs-node)',
  wasm: 'WebAssembly (wasm)',
  cpu: 'Plain JavaScript (cpu)',
};

export interface BackendNote {
  /** "Native TensorFlow: not installed (optional)". */
  text: string;
  /** The probe's own words, for whoever needs them. */
  detail: string;
}

export function describeBackendNote(note: string): BackendNote {
  const match = /^(\w+):\s*(.*)$/s.exec(note);
  // "tensorflow: ..." as the probe writes it; older notes name the package instead.
  const name = (match?.[1] && match[1] in BACKEND_NAMES ? match[1] : /tfjs-node|tensorflow/i.test(note) ? 'tensorflow' : undefined) as BackendName | undefined;
  const problem = match?.[1] && match[1] in BACKEND_NAMES ? match[2] : note;
  if (name === 'tensorflow') {
    const missing = /not installed|cannot find (package|module)/i.test(problem);
    return { text: `Native TensorFlow: ${missing ? 'not installed (optional)' : 'could not start; another backend is used'}`, detail: problem };
  }
  if (name && name in BACKEND_NAMES) return { text: `${BACKEND_NAMES[name].replace(/ \(.*\)$/, '')}: could not start`, detail: problem };
  return { text: note.length > 80 ? `${note.slice(0, 77)}…` : note, detail: note };
}
