import { useMemo } from 'react';
import { examplesInCell, misclassifiedByConfidence, type TestResult } from '../../core/train/test-result';
import { featureSize, type Dataset } from '../../core/types';
import { watchExample } from '../../store/inside';
import { useLab } from '../../store/lab';
import { ImageThumb } from '../setup/ImageThumb';

/**
 * Thumbnails offered: the first test examples, and once a run is scored, its most confident mistakes and
 * the examples of the confusion-matrix cell last clicked in the lab.
 */
const FIRST = 8;
const WRONG = 6;

interface Props {
  data: Dataset | null;
  /** Dataset row of each test position (the split the run used). */
  testRows: Int32Array | null;
  test: TestResult | null;
  chosen: number | null;
}

/** Pick the test example the view looks through: a thumbnail, a mistake, or one at random. */
export function ExamplePicker({ data, testRows, test, chosen }: Props) {
  const wrong = useMemo(() => (test ? misclassifiedByConfidence(test).slice(0, WRONG) : []), [test]);
  const cell = useLab((s) => s.view.selectedCell);
  const inCell = useMemo(() => (test && cell ? examplesInCell(test, cell.row, cell.col).slice(0, WRONG) : []), [test, cell]);
  if (!data || !testRows || data.kind !== 'image') return null;
  const size = featureSize(data.shape);
  const count = testRows.length;
  const thumb = (position: number, note: string) => {
    const row = testRows[position];
    const label = `Test example ${position + 1}: ${data.classNames[data.y[row]] ?? ''}${note}`;
    return (
      <li key={`${note}-${position}`}>
        <button
          type="button"
          className="inside-pick"
          aria-pressed={chosen === position}
          data-testid="inside-pick"
          data-index={position}
          onClick={() => watchExample(position)}
          title={label}
        >
          <ImageThumb pixels={data.x.subarray(row * size, (row + 1) * size)} shape={data.shape} size={40} label={label} />
        </button>
      </li>
    );
  };
  return (
    <div className="inside-picker">
      <div className="inside-pick-row">
        <span className="muted" id="inside-first">
          First test examples
        </span>
        <ul className="inside-picks" aria-labelledby="inside-first">
          {Array.from({ length: Math.min(FIRST, count) }, (_, p) => thumb(p, ''))}
        </ul>
      </div>
      {wrong.length > 0 && (
        <div className="inside-pick-row">
          <span className="muted" id="inside-wrong">
            Most confident mistakes
          </span>
          <ul className="inside-picks" aria-labelledby="inside-wrong">
            {wrong.map((p) => thumb(p, `, predicted ${test?.classNames[test.predictions[p]] ?? ''}`))}
          </ul>
        </div>
      )}
      {cell && inCell.length > 0 && test && (
        <div className="inside-pick-row">
          <span className="muted" id="inside-cell">
            Matrix cell: {test.classNames[cell.row]} as {test.classNames[cell.col]}
          </span>
          <ul className="inside-picks" aria-labelledby="inside-cell">
            {inCell.map((p) => thumb(p, `, predicted ${test.classNames[test.predictions[p]] ?? ''}`))}
          </ul>
        </div>
      )}
      <button type="button" onClick={() => watchExample(Math.floor(Math.random() * count))} disabled={count === 0}>
        Random example
      </button>
    </div>
  );
}
