import { describe, expect, it } from 'vitest';
import { closeTransitively } from './transitive.js';

function close(links: Array<[number, number, number]>, threshold = 0.5) {
  const closed = closeTransitively(
    {
      a: Int32Array.from(links, (link) => link[0]),
      b: Int32Array.from(links, (link) => link[1]),
      score: Float64Array.from(links, (link) => link[2]),
    },
    threshold,
  );
  return Array.from(closed.a, (a, index) => `${a}-${closed.b[index]} ${closed.score[index]!.toFixed(2)}`).sort();
}

describe('pairs implied by transitivity', () => {
  it('adds x-z from confident x-y and y-z, scored by the Fréchet bound, also along longer chains', () => {
    expect(
      close([
        [0, 1, 0.99],
        [1, 2, 0.98],
      ]),
    ).toEqual(['0-1 0.99', '0-2 0.97', '1-2 0.98']);
    expect(
      close([
        [0, 1, 0.99],
        [1, 2, 0.99],
        [2, 3, 0.99],
      ]),
    ).toEqual(['0-1 0.99', '0-2 0.98', '0-3 0.97', '1-2 0.99', '1-3 0.98', '2-3 0.99']);
  });

  it('implies a pair only when the bound reaches the threshold, and keeps a higher score of its own', () => {
    expect(
      close([
        [0, 1, 0.7],
        [1, 2, 0.7],
      ]),
    ).toEqual(['0-1 0.70', '1-2 0.70']);
    expect(
      close(
        [
          [0, 1, 0.99],
          [1, 2, 0.3],
        ],
        0.2,
      ),
    ).toEqual(['0-1 0.99', '0-2 0.29', '1-2 0.30']);
    expect(
      close([
        [0, 1, 0.8],
        [1, 2, 0.8],
        [0, 2, 0.9],
      ]),
    ).toEqual(['0-1 0.80', '0-2 0.90', '1-2 0.80']);
  });

  it('leaves out pairs below the threshold', () => {
    expect(
      close([
        [0, 1, 0.4],
        [1, 2, 0.99],
      ]),
    ).toEqual(['1-2 0.99']);
  });
});
