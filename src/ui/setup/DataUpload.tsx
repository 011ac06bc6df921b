import { useState, type DragEvent } from 'react';
import type { ImageOptions } from '../../core/data/custom';
import { FIT_LABELS, IMAGE_BACKGROUND, IMAGE_FITS, describeLimits, formatBytes, isImageFit, LIMITS } from '../../core/import';
import { useShallow } from 'zustand/react/shallow';
import { setSettings } from '../../store/actions';
import { canReapplyImageOptions, dismissImportError, importData, reapplyImageOptions } from '../../store/import';
import { useLab } from '../../store/lab';
import { forgetUpload, useUploads, type UploadRecord } from '../../store/uploads';
import { uploadSplitProblem } from '../../store/settings-gate';
import { Panel } from '../common/Panel';
import { filesFromDrop, filesFromInput } from './droppedFiles';
import { ImageSamples } from './ImageSamples';
import { TableImport } from './TableImport';
import './upload.css';

/**
 * "Your data": a CSV/TSV table, an image folder or zip, or CIFAR-10 batches, by file picker, folder picker
 * or drag and drop. Files are read in the import worker and stay in this browser. Every name that came from
 * the user's files is rendered as text (React escapes it), never as HTML.
 */
export function DataUpload() {
  const { table, images, progress, error, finished } = useUploads(
    useShallow((u) => ({ table: u.table, images: u.images, progress: u.progress, error: u.error, finished: u.finished })),
  );
  const dataset = useLab((s) => s.settings.dataset);
  const training = useLab((s) => s.run.status === 'training');
  const [image, setImage] = useState<ImageOptions>({ size: 32, channels: 3, fit: 'crop' });
  const [over, setOver] = useState(false);
  const busy = progress !== null;

  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (!busy) importData(await filesFromDrop(e.dataTransfer), image);
  };

  return (
    <Panel title="Your data" className="upload-panel">
      <div data-testid="data-upload-panel" data-finished={finished}>
        <p className="muted">
          A table (CSV/TSV), a folder or zip of images with one folder per class, or CIFAR-10 binary batches. Your files stay in this
          browser.
        </p>
        <div
          className={`drop-zone${over ? ' drop-over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => void onDrop(e)}
        >
          <label htmlFor="data-upload" className="button-like">
            Choose files…
          </label>
          <input
            id="data-upload"
            data-testid="data-upload"
            className="sr-only"
            type="file"
            multiple
            disabled={busy}
            accept=".csv,.tsv,.tab,.txt,.zip,.bin,image/*"
            onChange={(e) => {
              const files = filesFromInput(e.currentTarget.files);
              e.currentTarget.value = '';
              if (files.length) importData(files, image);
            }}
          />
          <label htmlFor="data-upload-folder" className="button-like">
            Choose a folder…
          </label>
          <input
            id="data-upload-folder"
            data-testid="data-upload-folder"
            className="sr-only"
            type="file"
            disabled={busy}
            {...{ webkitdirectory: '' }}
            onChange={(e) => {
              const files = filesFromInput(e.currentTarget.files);
              e.currentTarget.value = '';
              if (files.length) importData(files, image);
            }}
          />
          <span className="muted">or drop them here</span>
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="upload-size">Images resized to</label>
            <select id="upload-size" value={image.size} onChange={(e) => setImage({ ...image, size: Number(e.target.value) })}>
              {LIMITS.imageSizes.map((n) => (
                <option key={n} value={n}>
                  {n}×{n}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="upload-channels">Colour</label>
            <select
              id="upload-channels"
              value={image.channels}
              onChange={(e) => setImage({ ...image, channels: Number(e.target.value) === 1 ? 1 : 3 })}
            >
              <option value={3}>Colour (RGB)</option>
              <option value={1}>Grey</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="upload-fit">Non-square images</label>
            <select
              id="upload-fit"
              data-testid="image-fit"
              aria-describedby="upload-fit-note"
              value={image.fit}
              onChange={(e) => setImage({ ...image, fit: isImageFit(e.target.value) ? e.target.value : 'crop' })}
            >
              {IMAGE_FITS.map((f) => (
                <option key={f} value={f}>
                  {FIT_LABELS[f]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p className="muted" id="upload-fit-note">
          Photos of any size are turned upright (EXIF), then made square; transparent areas and pad bars become {IMAGE_BACKGROUND.name}.
        </p>
        {images && !busy && canReapplyImageOptions() && !sameImageOptions(images.imageOptions, image) && (
          <button type="button" data-testid="image-reapply" disabled={training} onClick={() => reapplyImageOptions(image)}>
            Apply these options to {images.name}
          </button>
        )}
        <details>
          <summary>Limits</summary>
          <ul className="muted">
            {describeLimits().map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
        {progress && (
          <div
            className="upload-progress"
            data-testid="upload-progress"
            data-done={progress.done}
            data-total={progress.total}
            role="status"
            aria-live="polite"
          >
            <progress max={Math.max(progress.total, 1)} value={progress.done} aria-label={progress.label} /> {progress.label}
            {progress.total > 1 ? ` (${progress.done} of ${progress.total})` : ''}
          </div>
        )}
        {error && (
          <div className="notice notice-error" role="alert" data-testid="error-message">
            <p>{error.message}</p>
            <p>
              <strong>What to do:</strong> {error.hint}
            </p>
            <button type="button" onClick={dismissImportError}>
              Dismiss
            </button>
          </div>
        )}
        {table && <UploadCard record={table} active={dataset === 'table'} disabled={training} />}
        {images && <UploadCard record={images} active={dataset === 'images'} disabled={training} />}
      </div>
    </Panel>
  );
}

function sameImageOptions(a: ImageOptions | undefined, b: ImageOptions): boolean {
  return a !== undefined && a.size === b.size && a.channels === b.channels && (a.fit ?? 'stretch') === b.fit;
}

function UploadCard({ record, active, disabled }: { record: UploadRecord; active: boolean; disabled: boolean }) {
  const d = record.custom.dataset;
  // Said at import, with the split the settings ask for now (Train says it again while it holds).
  const tooSmall = useLab((s) => uploadSplitProblem(record.custom, s.settings));
  const what =
    record.id === 'table'
      ? `${d.count.toLocaleString('en-US')} rows, ${d.shape[0]} features`
      : `${d.count.toLocaleString('en-US')} images ${d.shape.join('×')}`;
  return (
    <div className="upload-card" data-testid={`upload-${record.id}`}>
      <h3>
        {record.id === 'table' ? 'Table' : 'Images'}: <span className="upload-name">{record.name}</span>
      </h3>
      <p className="muted">
        {what} · {d.task === 'regression' ? 'regression' : `${d.classNames.length} classes`} · {formatBytes(record.bytes)} read in{' '}
        {(record.loadMs / 1000).toFixed(1)} s
      </p>
      <ul className="upload-notes">
        {record.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      {tooSmall && (
        <p className="field-error" role="alert" data-testid="upload-too-small">
          {tooSmall}
        </p>
      )}
      {record.skipped.length > 0 && (
        <details data-testid="upload-skipped">
          <summary>{record.skipped.length} skipped</summary>
          <ul>
            {record.skipped.slice(0, 200).map((s, i) => (
              <li key={i}>
                <span className="upload-name">{s.item}</span>: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {record.id === 'table' && <TableImport record={record} disabled={disabled} />}
      {record.id === 'images' && <ImageSamples record={record} />}
      <div className="buttons">
        {!active && (
          <button type="button" disabled={disabled} onClick={() => setSettings({ dataset: record.id })}>
            Use this data
          </button>
        )}
        <button
          type="button"
          disabled={disabled}
          onClick={() => {
            if (active) setSettings({ dataset: 'spiral' });
            void forgetUpload(record.id);
          }}
        >
          Forget it
        </button>
      </div>
    </div>
  );
}
