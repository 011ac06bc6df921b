import { useEffect, useRef } from 'react';
import { classCounts } from '../../core/data/split';
import { featureSize } from '../../core/types';
import { classColour } from '../common/palette';
import { ImageThumb } from './ImageThumb';
import type { PreviewData } from './usePreviewData';

const PER_CLASS = 5;

/** A few samples per class (or the 2-D scatter) and the class counts of each split. */
export function DatasetPreview({ preview }: { preview: PreviewData }) {
  const { data, splits } = preview;
  const counts = {
    train: classCounts(data, splits.train),
    val: classCounts(data, splits.val),
    test: classCounts(data, splits.test),
  };
  return (
    <div className="dataset-preview" data-testid="dataset-preview">
      {/* A table's rows are previewed where it was loaded (Your data); only 2-D points make a scatter. */}
      {data.kind === 'image' ? <ImageGrid preview={preview} /> : data.shape.length === 1 && data.shape[0] === 2 && data.id !== 'table' ? <PointsScatter preview={preview} /> : null}
      <table className="counts">
        <caption>Samples per class and split{splits.noisyLabels ? ` (${splits.noisyLabels} training labels flipped)` : ''}</caption>
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col">Train</th>
            <th scope="col">Val</th>
            <th scope="col">Test</th>
          </tr>
        </thead>
        <tbody>
          {data.classNames.map((name, k) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{counts.train[k]}</td>
              <td>{counts.val[k]}</td>
              <td>{counts.test[k]}</td>
            </tr>
          ))}
          <tr className="total">
            <th scope="row">Total</th>
            <td data-testid="split-train">{splits.train.length}</td>
            <td data-testid="split-val">{splits.val.length}</td>
            <td data-testid="split-test">{splits.test.length}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function ImageGrid({ preview }: { preview: PreviewData }) {
  const { data, splits } = preview;
  const size = featureSize(data.shape);
  return (
    <div className="image-grid">
      {data.classNames.map((name, k) => {
        const picks: number[] = [];
        for (const i of splits.train) {
          if (data.y[i] === k) picks.push(i);
          if (picks.length === PER_CLASS) break;
        }
        return (
          <div className="image-row" key={name}>
            <span className="image-row-label">{name}</span>
            {picks.map((i) => (
              <ImageThumb key={i} pixels={data.x.subarray(i * size, (i + 1) * size)} shape={data.shape} label={`${name} sample`} />
            ))}
          </div>
        );
      })}
    </div>
  );
}

function PointsScatter({ preview }: { preview: PreviewData }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { data, splits } = preview;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const W = 220;
    ctx.clearRect(0, 0, W, W);
    const toPx = (v: number) => ((v + 1.3) / 2.6) * W;
    // Train points filled, test points as rings: the test split is visibly set aside.
    const draw = (indices: Int32Array, filled: boolean) => {
      for (const i of indices) {
        ctx.beginPath();
        ctx.arc(toPx(data.x[2 * i]), toPx(-data.x[2 * i + 1]), 2.5, 0, 2 * Math.PI);
        ctx.strokeStyle = ctx.fillStyle = classColour(data.y[i]);
        if (filled) ctx.fill();
        else ctx.stroke();
      }
    };
    draw(splits.train, true);
    draw(splits.test, false);
  }, [data, splits]);
  return <canvas ref={ref} width={220} height={220} className="scatter" role="img" aria-label="Scatter plot of the 2-D data: training points filled, test points as rings" />;
}
