// Runs in: trainer process (plain Node). Picks the TensorFlow.js backend; probeBackends answers the main process'
// 'probe' message (main never loads TensorFlow.js itself).
import * as tf from '@tensorflow/tfjs';
import util from 'node:util';
import type { BackendChoice, BackendName } from '../../shared/model/config';
import type { BackendInfo } from '../../shared/model/run';

// Speed order measured on our machines: native libtensorflow, then wasm (2-4x the cpu backend), then pure JS.
const PREFERENCE: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

// The name sits in a variable so neither tsc nor the bundler tries to resolve an optional package.
const TFJS_NODE = '@tensorflow/tfjs-node';

const loadErrors = new Map<BackendName, string | null>();

function short(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].slice(0, 200);
}

/** Registers the backend with tfjs (once); returns null when it loaded, else why not. */
async function load(name: BackendName): Promise<string | null> {
  const cached = loadErrors.get(name);
  if (cached !== undefined) return cached;
  let error: string | null = null;
  try {
    if (name === 'tensorflow') {
      // tfjs-node 4.22 calls util.isNullOrUndefined, which Node 23+ (and so Electron 40+) removed.
      const legacy = util as unknown as Record<string, unknown>;
      if (typeof legacy.isNullOrUndefined !== 'function') {
        legacy.isNullOrUndefined = (value: unknown) => value === null || value === undefined;
      }
      await import(/* @vite-ignore */ TFJS_NODE);
    } else if (name === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
    }
    if (tf.findBackendFactory(name) == null) error = `the ${name} backend did not register`;
  } catch (caught) {
    error =
      name === 'tensorflow'
        ? `@tensorflow/tfjs-node is not installed or failed to load (${short(caught)})`
        : `${name} failed to load (${short(caught)})`;
  }
  loadErrors.set(name, error);
  return error;
}

/** Loads and activates one backend; null when it works, else the reason it does not. */
async function activate(name: BackendName): Promise<string | null> {
  const loadError = await load(name);
  if (loadError) return loadError;
  try {
    if (await tf.setBackend(name)) {
      await tf.ready();
      return null;
    }
    return `the ${name} backend failed to initialize`;
  } catch (caught) {
    return `the ${name} backend failed to initialize (${short(caught)})`;
  }
}

/**
 * Selects a backend for training. 'auto' takes the fastest that works; an explicit choice that does
 * not work falls back the same way, with a note saying so. Returns the backend actually in use.
 */
export async function initBackend(choice: BackendChoice): Promise<{ name: BackendName; notes: string[] }> {
  tf.env().set('PROD', true);
  const notes: string[] = [];
  const order = choice === 'auto' ? PREFERENCE : [choice, ...PREFERENCE.filter((b) => b !== choice)];
  for (const name of order) {
    const problem = await activate(name);
    if (problem === null) {
      if (choice !== 'auto' && name !== choice) notes.push(`Used the ${name} backend instead of ${choice}.`);
      return { name, notes };
    }
    notes.push(`Backend ${name} unavailable: ${problem}.`);
  }
  throw new Error('No TensorFlow.js backend could be initialized (not even cpu)');
}

/** Which backends work here and what 'auto' resolves to. Leaves the previously active backend active. */
export async function probeBackends(): Promise<BackendInfo> {
  tf.env().set('PROD', true);
  const previous = tf.engine().backendName as BackendName | undefined;
  const available: BackendName[] = [];
  const notes: string[] = [];
  for (const name of PREFERENCE) {
    const problem = await activate(name);
    if (problem === null) available.push(name);
    else notes.push(`${name}: ${problem}`);
  }
  // Probing switched backends; put back the one in use, or the one a run would pick.
  const restore = previous && available.includes(previous) ? previous : available[0];
  if (restore) await tf.setBackend(restore);
  return { auto: available[0] ?? 'cpu', available, notes };
}
