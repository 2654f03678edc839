// Runs in: renderer. Names of what each recurrent layer reads: the model's inputs for the first, the states of the
// layer below (forward, then backward) for the others.
import type { InspectedLayer } from '../../shared/model/inspect';

export function layerInputNames(layers: InspectedLayer[], firstInputs: string[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const depth = Math.max(0, ...layers.map((l) => l.layer + 1));
  let below = firstInputs;
  for (let index = 0; index < depth; index++) {
    out.set(index, below);
    const parts = layers.filter((l) => l.layer === index).sort((a, b) => (a.direction === b.direction ? 0 : a.direction === 'forward' ? -1 : 1));
    const arrow = (l: InspectedLayer) => (parts.length > 1 ? (l.direction === 'forward' ? '→' : '←') : '');
    below = parts.flatMap((l) => Array.from({ length: l.units }, (_, j) => `h${arrow(l)} ${index + 1}.${j}`));
  }
  return out;
}

/** True when the layer with this index has both directions. */
export function isBidirectional(layers: InspectedLayer[], index: number): boolean {
  return layers.filter((l) => l.layer === index).length > 1;
}
