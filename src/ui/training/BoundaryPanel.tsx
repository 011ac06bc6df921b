import { useMemo } from 'react';
import { useLab } from '../../store/lab';
import { useDatasetSplit } from '../common/useDatasetSplit';
import { DecisionBoundary } from '../evaluation/DecisionBoundary';
import { useShowsBoundary } from './useShowsBoundary';

/** Cap on drawn points: enough to see the classes, few enough to redraw every epoch. */
const MAX_POINTS = 1500;

/**
 * The decision boundary of a 2-D run, as in TensorFlow Playground: redrawn after every epoch while the model
 * trains, with the training points and the held-out test points. Before any run, just the points.
 */
export function BoundaryPanel() {
  // Before the first run the plane shows the data the settings describe, so the bare URL opens on a picture.
  const shown = useLab((s) => s.run.settings ?? s.settings);
  const boundary = useLab((s) => s.run.boundary);
  const points2d = useShowsBoundary();
  const { value } = useDatasetSplit(points2d ? shown : null, 0);
  const points = useMemo(() => {
    if (!value) return [];
    const { data, splits } = value;
    const pick = (indices: Int32Array, split: 'train' | 'test', labels?: Int32Array) =>
      Array.from(indices.subarray(0, MAX_POINTS / 2), (row, i) => ({
        x: data.x[2 * row],
        y: data.x[2 * row + 1],
        // Training points carry the labels training saw (label noise included).
        label: labels ? labels[i] : data.y[row],
        split,
      }));
    return [...pick(splits.train, 'train', splits.trainLabels), ...pick(splits.test, 'test')];
  }, [value]);
  if (!points2d) return null;
  return (
    <DecisionBoundary
      grid={boundary?.grid ?? null}
      points={points}
      classNames={value?.data.classNames ?? []}
      epoch={boundary?.epoch ?? null}
    />
  );
}
