// Runs in: trainer process (plain Node). The whole-model net's optimizer: tfjs' Adam, RMSprop, SGD and SGD with
// momentum, read from the model's compiled optimizer and applied in the kernels with the same update rules (in f32,
// as tfjs' kernels compute them), to the parameter block in one call per step.
import type * as tf from '@tensorflow/tfjs';
import { at, type Allocator, type Block } from './kernel-memory';

export type UpdateRule =
  | { kind: 'adam'; learningRate: number; beta1: number; beta2: number; epsilon: number }
  | { kind: 'rmsprop'; learningRate: number; decay: number; momentum: number; epsilon: number }
  | { kind: 'momentum'; learningRate: number; momentum: number; nesterov: boolean }
  | { kind: 'sgd'; learningRate: number };

/** The model's optimizer as an update rule, or null when the net cannot take it over. */
export function updateRule(optimizer: tf.Optimizer | undefined): UpdateRule | null {
  // One that has stepped holds moments the net would not see.
  if (!optimizer || optimizer.iterations > 0) return null;
  const config = optimizer.getConfig() as Record<string, number | boolean>;
  const number = (name: string) => config[name] as number;
  switch (optimizer.getClassName()) {
    case 'Adam':
      return { kind: 'adam', learningRate: number('learningRate'), beta1: number('beta1'), beta2: number('beta2'), epsilon: number('epsilon') };
    case 'RMSProp':
      // The centered variant keeps a third moment: left to tfjs.
      if (config.centered) return null;
      return { kind: 'rmsprop', learningRate: number('learningRate'), decay: number('decay'), momentum: number('momentum'), epsilon: number('epsilon') };
    case 'Momentum':
      return { kind: 'momentum', learningRate: number('learningRate'), momentum: number('momentum'), nesterov: Boolean(config.useNesterov) };
    case 'SGD':
      return { kind: 'sgd', learningRate: number('learningRate') };
    default:
      return null;
  }
}

/** The rule plus its two slots per parameter (Adam: m and v; RMSprop: mean square and momentum; momentum: its accumulation). */
export class NetOptimizer {
  private readonly slots: Block;
  private steps = 0;

  constructor(private readonly alloc: Allocator, private readonly rule: UpdateRule, private readonly size: number) {
    this.slots = alloc.alloc(2 * size);
    alloc.kernels.zero(2 * size, this.slots.ptr);
  }

  /** One update of the `size` parameters at `params` from the gradients at `grads`. */
  apply(params: number, grads: number): void {
    const k = this.alloc.kernels;
    const { rule, size } = this;
    const first = this.slots.ptr;
    const second = at(first, size);
    this.steps += 1;
    switch (rule.kind) {
      case 'adam': {
        // tfjs keeps beta^t as running products (accBeta1/accBeta2); pow gives the same values in double.
        const c1 = 1 - Math.pow(rule.beta1, this.steps);
        const c2 = 1 - Math.pow(rule.beta2, this.steps);
        k.adam(size, params, grads, first, second, rule.learningRate, rule.beta1, rule.beta2, c1, c2, rule.epsilon);
        break;
      }
      case 'rmsprop':
        k.rmsprop(size, params, grads, first, second, rule.learningRate, rule.decay, rule.momentum, rule.epsilon);
        break;
      case 'momentum':
        k.momentumSgd(size, params, grads, first, rule.learningRate, rule.momentum, rule.nesterov);
        break;
      case 'sgd':
        k.sgd(size, params, grads, rule.learningRate);
        break;
    }
  }
}
