// Runs in: vitest (node). Classification metrics against hand-computed values, and the two text baselines.
import { describe, expect, it } from 'vitest';
import { classificationMetrics, crossEntropy, rocAuc } from '../../main/trainer/text/classification-metrics';
import { majorityProbabilities, sparseDocument, trainBagOfWords } from '../../main/trainer/text/text-baselines';
import { createRng } from '../../main/core/rng';

const binary = (p1: number[]) => p1.flatMap((p) => [1 - p, p]);

describe('classificationMetrics', () => {
  it('matches a hand-computed binary example', () => {
    // truth 0 0 1 1 1, P(class 1) .1 .6 .8 .4 .9 -> predicted 0 1 1 0 1
    const m = classificationMetrics([0, 0, 1, 1, 1], binary([0.1, 0.6, 0.8, 0.4, 0.9]), ['neg', 'pos']);
    expect(m.confusion).toEqual([[1, 1], [1, 2]]);
    expect(m.accuracy).toBeCloseTo(0.6, 10);
    expect(m.perClass[0]).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(m.perClass[1].precision).toBeCloseTo(2 / 3, 10);
    expect(m.perClass[1].recall).toBeCloseTo(2 / 3, 10);
    expect(m.perClass[1].f1).toBeCloseTo(2 / 3, 10);
    expect(m.f1).toBeCloseTo((0.5 + 2 / 3) / 2, 10);
    // Positive/negative pairs ranked right: (.8,.1) (.8,.6) (.4,.1) (.9,.1) (.9,.6) = 5 of 6.
    expect(m.rocAuc).toBeCloseTo(5 / 6, 10);
    expect(m.classNames).toEqual(['neg', 'pos']);
  });

  it('counts ties as half in ROC AUC and gives null without both classes', () => {
    expect(rocAuc([0.5, 0.5], [false, true])).toBe(0.5);
    expect(rocAuc([0.2, 0.9, 0.9], [false, true, false])).toBeCloseTo(0.75, 10);
    expect(rocAuc([0.2, 0.3], [true, true])).toBeNull();
  });

  it('handles three classes: confusion, zero-division as 0, no AUC', () => {
    const probabilities = [0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.7, 0.2, 0.1, 0.1, 0.1, 0.8];
    const m = classificationMetrics([0, 1, 2, 2], probabilities, ['a', 'b', 'c']);
    expect(m.confusion).toEqual([[1, 0, 0], [0, 1, 0], [1, 0, 1]]);
    expect(m.accuracy).toBe(0.75);
    expect(m.perClass[0]).toEqual({ precision: 0.5, recall: 1, f1: 2 / 3, support: 1 });
    expect(m.perClass[2]).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(m.rocAuc).toBeNull();
    expect(classificationMetrics([0], [0, 1, 0], ['a', 'b', 'c']).perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('computes the mean cross-entropy of the true classes', () => {
    expect(crossEntropy([1, 0], [0.25, 0.75, 0.5, 0.5], 2)).toBeCloseTo(-(Math.log(0.75) + Math.log(0.5)) / 2, 10);
  });
});

describe('text baselines', () => {
  it('majority class predicts the most frequent training class everywhere', () => {
    expect(Array.from(majorityProbabilities([0, 2, 2, 1], 3, 2))).toEqual([0, 0, 1, 0, 0, 1]);
  });

  it('bag-of-words logistic regression learns which words mark each class', () => {
    // Words 2-9 are noise; 10 marks class 0, 11 class 1, 12 class 2 (a weak marker: present 70% of the time).
    const random = createRng(1);
    const make = (n: number) => {
      const docs = [];
      const labels: number[] = [];
      for (let i = 0; i < n; i++) {
        const label = i % 3;
        const ids = Array.from({ length: 6 }, () => 2 + Math.floor(random() * 8));
        if (label < 2 || random() < 0.7) ids.push(10 + label);
        docs.push(sparseDocument(Int32Array.from(ids), 2));
        labels.push(label);
      }
      return { docs, labels };
    };
    const train = make(300);
    const test = make(150);
    const model = trainBagOfWords(train, make(60), { vocabSize: 13, classCount: 3, epochs: 10, learningRate: 0.5, l2: 1e-5, seed: 0 });
    const m = classificationMetrics(test.labels, model.predict(test.docs), ['a', 'b', 'c']);
    expect(m.accuracy).toBeGreaterThan(0.85);
    expect(m.perClass[0].recall).toBeGreaterThan(0.95);
    // UNK and PAD (ids below 2) are not features.
    expect(Array.from(sparseDocument(Int32Array.from([0, 1, 5, 5, 7]), 2).ids)).toEqual([5, 7]);
  });
});
