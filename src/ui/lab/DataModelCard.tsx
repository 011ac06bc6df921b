import { memo, useMemo } from 'react';
import { taskOf } from '../../core/types';
import { ViewLink } from '../layout/ViewLink';
import { DatasetPreview } from '../setup/DatasetPreview';
import { ModelSummaryView } from '../setup/ModelSummaryView';
import { usePreviewData } from '../setup/usePreviewData';

/**
 * What the current settings will train on and with: a strip of samples (2-D data is drawn by the boundary
 * panel), the split sizes, and the model in one line with its layers one click away. Memoised: it depends on
 * the settings alone, so a run's start, epochs and end (which re-render the side column) pass it by.
 */
export const DataModelCard = memo(function DataModelCard() {
  const { preview, error } = usePreviewData();
  const input = useMemo(
    () => (preview ? { shape: preview.data.shape, numClasses: preview.data.classNames.length, task: taskOf(preview.data) } : null),
    [preview],
  );
  return (
    <section className="card data-model-card" aria-label="Data and model">
      <h2>
        Data &amp; model{' '}
        <ViewLink view="data" className="card-link" data-testid="open-your-data">
          use your own data…
        </ViewLink>
      </h2>
      {error && (
        <p className="notice notice-error" role="alert" data-testid="error-message">
          {error}
        </p>
      )}
      {preview && <DatasetPreview preview={preview} />}
      <ModelSummaryView input={input} />
    </section>
  );
});
