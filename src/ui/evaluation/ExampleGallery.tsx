import { ImageThumb } from '../setup/ImageThumb';
import './evaluation.css';

export interface GalleryItem {
  /** Position in the test split (not the dataset row): what onSelect hands back. */
  testPosition: number;
  /** HWC pixels for image datasets; null for points. */
  image: Float32Array | null;
  point?: [number, number];
  trueLabel: number;
  predicted: number;
  /** Probability of the predicted class, 0–1. */
  confidence: number;
}

interface Props {
  title: string;
  items: GalleryItem[];
  shape: number[];
  classNames: string[];
  onSelect?(testPosition: number): void;
  onClose?(): void;
  /** How many examples match in all, when the caller passed only the first GALLERY_LIMIT. */
  total?: number;
  /** The example currently explained, marked as pressed. */
  selected?: number | null;
}

/** Enough to see a pattern; a few thousand canvases would freeze the page. */
export const GALLERY_LIMIT = 60;

/**
 * Test examples behind a number (a confusion-matrix cell, a confused pair, the most confident mistakes), each with
 * its true and predicted class and the model's confidence. Right and wrong are told apart by a ✓/✗ mark as well as
 * the border, so the gallery reads without colour. With onSelect each example is a button (e.g. to explain it).
 */
export function ExampleGallery({ title, items, shape, classNames, onSelect, onClose, total, selected = null }: Props) {
  const shown = items.slice(0, GALLERY_LIMIT);
  const hidden = (total ?? items.length) - shown.length;
  return (
    <section className="gallery" data-testid="example-gallery" aria-label={title}>
      <div className="gallery-head">
        <h3>{title}</h3>
        {onClose && (
          <button type="button" onClick={onClose} data-testid="gallery-close">
            Close
          </button>
        )}
      </div>
      {items.length === 0 ? (
        <p className="muted">No examples.</p>
      ) : (
        <ul className="gallery-grid">
          {shown.map((item) => (
            <li key={item.testPosition}>
              <Example item={item} shape={shape} classNames={classNames} onSelect={onSelect} selected={selected === item.testPosition} />
            </li>
          ))}
          {hidden > 0 && (
            <li className="gallery-more" data-testid="gallery-more">
              +{hidden} more
            </li>
          )}
        </ul>
      )}
    </section>
  );
}

function Example({
  item,
  shape,
  classNames,
  onSelect,
  selected,
}: {
  item: GalleryItem;
  shape: number[];
  classNames: string[];
  onSelect?(testPosition: number): void;
  selected: boolean;
}) {
  const correct = item.trueLabel === item.predicted;
  const trueName = classNames[item.trueLabel] ?? String(item.trueLabel);
  const predName = classNames[item.predicted] ?? String(item.predicted);
  const percent = `${Math.round(item.confidence * 100)}%`;
  const description = `true ${trueName}, predicted ${predName}, ${percent} confident${correct ? '' : ' (wrong)'}`;
  const body = (
    <>
      {item.image ? (
        <ImageThumb pixels={item.image} shape={shape} size={64} label={description} />
      ) : (
        <span className="gallery-point">{item.point ? `(${item.point[0].toFixed(2)}, ${item.point[1].toFixed(2)})` : '—'}</span>
      )}
      <span className="gallery-caption">
        <span aria-hidden="true" className="gallery-mark">
          {correct ? '✓' : '✗'}
        </span>{' '}
        true {trueName} · pred {predName} · {percent}
      </span>
    </>
  );
  const common = {
    className: `gallery-item ${correct ? 'gallery-right' : 'gallery-wrong'}`,
    'data-testid': 'gallery-item',
    'data-true': item.trueLabel,
    'data-pred': item.predicted,
    'data-position': item.testPosition,
  };
  return onSelect ? (
    <button
      type="button"
      {...common}
      onClick={() => onSelect(item.testPosition)}
      aria-pressed={selected}
      aria-label={description}
      title={`${description}. Select to explain this prediction.`}
    >
      {body}
    </button>
  ) : (
    <div {...common} title={description}>
      {body}
    </div>
  );
}
