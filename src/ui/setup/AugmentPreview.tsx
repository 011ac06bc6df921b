import { useEffect, useState } from 'react';
import { augmentOptionsFrom, isAugmenting } from '../../core/data/augment-options';
import { featureSize } from '../../core/types';
import { useLab } from '../../store/lab';
import { afterFirstPaint } from '../common/afterFirstPaint';
import { augmentInWorker } from '../../store/augment';
import { ImageThumb } from './ImageThumb';
import type { PreviewData } from './usePreviewData';

const COUNT = 6;

/** The first training images and, under them, what the current augmentation makes of them. */
export function AugmentPreview({ preview }: { preview: PreviewData }) {
  const settings = useLab((s) => s.settings);
  const options = augmentOptionsFrom(settings);
  const key = JSON.stringify(options);
  const [draw, setDraw] = useState(1);
  // Kept with the preview they were drawn from: another dataset's images are never drawn in this one's shape.
  const [drawn, setDrawn] = useState<{ of: PreviewData; images: Float32Array[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { data, splits } = preview;
  const size = featureSize(data.shape);
  const picks = Array.from(splits.train.subarray(0, COUNT));

  useEffect(() => {
    let live = true;
    setError(null);
    if (!isAugmenting(options)) {
      setDrawn(null);
      return;
    }
    const [h = 1, w = 1, c = 1] = data.shape;
    const batch = new Float32Array(picks.length * size);
    picks.forEach((i, j) => batch.set(data.x.subarray(i * size, (i + 1) * size), j * size));
    // The worker (TF.js on its own thread) starts once the first screen has painted: never on the critical path.
    void afterFirstPaint()
      .then(() => augmentInWorker(batch, [h, w, c], options, draw))
      .then(
        (values) => live && setDrawn({ of: preview, images: picks.map((_, j) => values.subarray(j * size, (j + 1) * size)) }),
        (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
      );
    return () => {
      live = false;
    };
    // `key` stands for the data, options and picks (they are rebuilt each render, the key only when they change).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, draw, preview]);

  if (!isAugmenting(options)) return <p className="muted">Switch on an augmentation to preview it.</p>;
  const augmented = drawn?.of === preview ? drawn.images : null;
  return (
    <div className="augment-preview" data-testid="augment-preview">
      <div className="image-row">
        <span className="image-row-label">original</span>
        {picks.map((i) => (
          <ImageThumb key={i} pixels={data.x.subarray(i * size, (i + 1) * size)} shape={data.shape} label="original training image" />
        ))}
      </div>
      <div className="image-row">
        <span className="image-row-label">augmented</span>
        {augmented
          ? augmented.map((px, j) => <ImageThumb key={`${draw}-${j}`} pixels={px} shape={data.shape} label="augmented training image" />)
          : // Empty frames of the thumbs' size until the worker answers: the form below must not move under the pointer.
            picks.map((i) => <span key={i} className="thumb thumb-pending" aria-hidden="true" />)}
      </div>
      {error && (
        <p className="muted" role="status">
          {error}
        </p>
      )}
      <button type="button" onClick={() => setDraw((d) => d + 1)}>
        Another draw
      </button>
    </div>
  );
}
