// Runs in: vitest (Node). The projector's pure maths: 2-D PCA by power iteration and cosine nearest neighbours.
import { describe, expect, it } from 'vitest';
import { pca2d } from '../../renderer/text/pca';
import { findWord, nearestNeighbours } from '../../renderer/text/neighbours';

/** The four corners (±3, ±1): variance 9 along x, 1 along y, no covariance. */
const CORNERS: [number, number][] = [[3, 1], [3, -1], [-3, 1], [-3, -1]];

/** The corners rotated by `degrees` in the x-y plane, shifted, with a constant third coordinate. */
function rotatedCorners(degrees: number): number[][] {
  const t = (degrees * Math.PI) / 180;
  return CORNERS.map(([a, b]) => [10 + a * Math.cos(t) - b * Math.sin(t), -4 + a * Math.sin(t) + b * Math.cos(t), 5]);
}

describe('pca2d', () => {
  it('finds the rotated axes of a known spread, with their variances, after centring', () => {
    const result = pca2d(rotatedCorners(30));
    const [c1, c2] = result.components;
    // The x axis rotated by 30°, and the y axis rotated by 30°; each oriented so its largest entry is positive.
    expect(c1[0]).toBeCloseTo(Math.cos(Math.PI / 6), 9);
    expect(c1[1]).toBeCloseTo(0.5, 9);
    expect(c1[2]).toBeCloseTo(0, 9);
    expect(c2[0]).toBeCloseTo(-0.5, 9);
    expect(c2[1]).toBeCloseTo(Math.cos(Math.PI / 6), 9);
    expect(result.variances[0]).toBeCloseTo(9, 9);
    expect(result.variances[1]).toBeCloseTo(1, 9);
    expect(result.explained).toBeCloseTo(1, 9);
    // Back in the unrotated, centred frame.
    result.points.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(CORNERS[i][0], 9);
      expect(y).toBeCloseTo(CORNERS[i][1], 9);
    });
  });

  it('draws the same picture for negated vectors (deterministic sign) and reports the kept share of variance', () => {
    const data = rotatedCorners(120).map((v) => [...v, 0]);
    // Spread 0.5 along a fourth axis: the two kept components hold 10 of 10.25 units of variance.
    data.forEach((v, i) => (v[3] = i === 0 || i === 3 ? 0.5 : -0.5));
    const a = pca2d(data);
    const b = pca2d(data.map((v) => v.map((x) => -x)));
    expect(a.components[0].map((x) => x.toFixed(9))).toEqual(b.components[0].map((x) => x.toFixed(9)));
    expect(a.components[1].map((x) => x.toFixed(9))).toEqual(b.components[1].map((x) => x.toFixed(9)));
    a.points.forEach(([x, y], i) => {
      expect(b.points[i][0]).toBeCloseTo(-x, 9);
      expect(b.points[i][1]).toBeCloseTo(-y, 9);
    });
    expect(a.explained).toBeCloseTo(10 / 10.25, 9);
    const dot = a.components[0].reduce((s, x, j) => s + x * a.components[1][j], 0);
    expect(dot).toBeCloseTo(0, 9);
  });

  it('puts identical vectors at the origin and handles no vectors', () => {
    const same = pca2d([[1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    expect(same.points).toEqual([[0, 0], [0, 0], [0, 0]]);
    expect(same.explained).toBe(0);
    expect(pca2d([]).points).toEqual([]);
    expect(() => pca2d([[1, 2], [1]])).toThrow(/same length/);
  });
});

describe('nearestNeighbours', () => {
  const words = ['good', 'great', 'bad', 'fine', 'blank'];
  const vectors = [[1, 0], [0.9, 0.1], [-1, 0], [0.5, 0.5], [0, 0]];

  it('ranks by cosine similarity, leaves the word itself out, and scores a zero vector 0', () => {
    const found = nearestNeighbours(words, vectors, findWord(words, '  Good '), 10);
    expect(found.map((n) => n.word)).toEqual(['great', 'fine', 'blank', 'bad']);
    expect(found[0].score).toBeCloseTo(0.9 / Math.sqrt(0.82), 12);
    expect(found[1].score).toBeCloseTo(Math.SQRT1_2, 12);
    expect(found[2].score).toBe(0);
    expect(found[3].score).toBeCloseTo(-1, 12);
    expect(nearestNeighbours(words, vectors, 0, 2).map((n) => n.word)).toEqual(['great', 'fine']);
  });

  it('does not find a word outside the vocabulary', () => {
    expect(findWord(words, 'excellent')).toBe(-1);
    expect(findWord(words, '   ')).toBe(-1);
  });
});
