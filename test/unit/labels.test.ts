import { describe, expect, it } from 'vitest';
import { shortClassLabels } from '../../src/core/metrics/labels';

const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

describe('shortClassLabels', () => {
  it('keeps short names as they are', () => {
    expect(shortClassLabels(['0', '1', '2'])).toEqual(['0', '1', '2']);
    expect(shortClassLabels(['cat', 'dog'])).toEqual(['cat', 'dog']);
  });

  it('cuts long names to six characters with an ellipsis, keeping them distinct', () => {
    const short = shortClassLabels(FASHION);
    expect(short).toEqual(['T-shi…', 'Trous…', 'Pullo…', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneak…', 'Bag', 'Ankle…']);
    expect(new Set(short).size).toBe(FASHION.length);
    for (const label of short) expect(label.length).toBeLessThanOrEqual(6);
  });

  it('drops a prefix every name shares, at a word break', () => {
    expect(shortClassLabels(['class 0', 'class 1'])).toEqual(['0', '1']);
    expect(shortClassLabels(['red circle', 'red square'])).toEqual(['circle', 'square']);
    // A shared prefix inside a word is not a word break: "Sandal" / "Sand" keep their own starts.
    expect(shortClassLabels(['Sandal', 'Sandbox'])).toEqual(['Sandal', 'Sandb…']);
  });

  it('falls back to class numbers where cutting would make two labels equal', () => {
    expect(shortClassLabels(['positive outcome', 'positive outlier', 'none'])).toEqual(['#0', '#1', 'none']);
  });

  it('handles one class and empty names', () => {
    expect(shortClassLabels(['only class'])).toEqual(['only …']);
    expect(shortClassLabels([])).toEqual([]);
  });
});
