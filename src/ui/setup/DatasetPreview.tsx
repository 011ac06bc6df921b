import { classCounts } from '../../core/data/split';
import { featureSize } from '../../core/types';
import { ImageThumb } from './ImageThumb';
import type { PreviewData } from './usePreviewData';

/** Thumbnail side in the strip, CSS pixels: one sample per class still fits ten classes in a narrow column. */
const THUMB = 30;

/**
 * The data at a glance: one training sample per class for images (2-D points are drawn by the boundary
 * panel), the size of each split, and the samples per class and split one click away.
 */
export function DatasetPreview({ preview }: { preview: PreviewData }) {
  const { data, splits } = preview;
  const classes = data.classNames.length;
  return (
    <div className="dataset-preview" data-testid="dataset-preview">
      {data.kind === 'image' && <ImageStrip preview={preview} />}
      <p className="split-line">
        {classes > 1 && <span>{classes} classes · </span>}
        train <strong data-testid="split-train">{splits.train.length}</strong> · val{' '}
        <strong data-testid="split-val">{splits.val.length}</strong> · test <strong data-testid="split-test">{splits.test.length}</strong>
        {splits.noisyLabels ? <span> · {splits.noisyLabels} training labels flipped</span> : null}
      </p>
      {classes > 1 && (
        <details className="counts-details">
          <summary>Samples per class and split</summary>
          <CountsTable preview={preview} />
        </details>
      )}
    </div>
  );
}

function CountsTable({ preview }: { preview: PreviewData }) {
  const { data, splits } = preview;
  const counts = { train: classCounts(data, splits.train), val: classCounts(data, splits.val), test: classCounts(data, splits.test) };
  return (
    <table className="counts">
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
      </tbody>
    </table>
  );
}

/** The first training sample of each class, labelled (the label is the thumbnail's name and its tooltip). */
function ImageStrip({ preview }: { preview: PreviewData }) {
  const { data, splits } = preview;
  const size = featureSize(data.shape);
  const firstOf = new Map<number, number>();
  for (const i of splits.train) {
    if (!firstOf.has(data.y[i])) firstOf.set(data.y[i], i);
    if (firstOf.size === data.classNames.length) break;
  }
  return (
    <ul className="image-strip" aria-label="One training sample per class">
      {data.classNames.map((name, k) => {
        const i = firstOf.get(k);
        return (
          <li key={name} title={name}>
            {i !== undefined && (
              <ImageThumb pixels={data.x.subarray(i * size, (i + 1) * size)} shape={data.shape} size={THUMB} label={name} />
            )}
            <span className="strip-label" aria-hidden="true">
              {name}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
