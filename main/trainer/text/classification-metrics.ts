// Runs in: trainer process (plain Node). Accuracy, per-class precision/recall/F1, macro F1, ROC AUC (binary) and
// the confusion matrix, from class probabilities.
import type { ClassificationMetrics } from '../../../shared/model/metrics';

/** Index of the largest probability per row; `probabilities` is n x classCount, row-major. */
export function argmaxRows(probabilities: ArrayLike<number>, classCount: number): Int32Array {
  const n = probabilities.length / classCount;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classCount; k++) if (probabilities[i * classCount + k] > probabilities[i * classCount + best]) best = k;
    out[i] = best;
  }
  return out;
}

/** Area under the ROC curve = P(score of a random positive > score of a random negative), ties counting half
 * (the Mann-Whitney statistic, with average ranks). null when one class is absent. */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number | null {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]] === scores[order[start]]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (positive[order[k]]) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function classificationMetrics(
  truth: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  classNames: string[],
): ClassificationMetrics {
  const classCount = classNames.length;
  const predicted = argmaxRows(probabilities, classCount);
  const confusion = classNames.map(() => new Array<number>(classCount).fill(0));
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) {
    confusion[truth[i]][predicted[i]]++;
    if (truth[i] === predicted[i]) correct++;
  }
  const perClass = classNames.map((_, k) => {
    const truePositives = confusion[k][k];
    const support = confusion[k].reduce((a, b) => a + b, 0);
    const predictedK = confusion.reduce((sum, row) => sum + row[k], 0);
    const precision = ratio(truePositives, predictedK);
    const recall = ratio(truePositives, support);
    return { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  let auc: number | null = null;
  if (classCount === 2) {
    const scores = Array.from({ length: predicted.length }, (_, i) => probabilities[i * 2 + 1]);
    auc = rocAuc(scores, Array.from({ length: predicted.length }, (_, i) => truth[i] === 1));
  }
  return {
    accuracy: ratio(correct, predicted.length),
    f1: perClass.reduce((sum, c) => sum + c.f1, 0) / classCount,
    perClass,
    rocAuc: auc,
    confusion,
    classNames,
  };
}

/** Mean cross-entropy of the true classes' probabilities (the validation loss the fit loop reports). */
export function crossEntropy(truth: ArrayLike<number>, probabilities: ArrayLike<number>, classCount: number): number {
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum -= Math.log(Math.max(probabilities[i * classCount + truth[i]], 1e-7));
  return truth.length === 0 ? 0 : sum / truth.length;
}
