import { isImageDataset, isRegressionDataset, isShippedTable, isUploadDataset } from '../../core/preset/schema';
import { useLab } from '../../store/lab';

/** Whether the lab shows a boundary: class regions need 2-D points with classes (not images, tables or regression). */
export function useShowsBoundary(): boolean {
  const dataset = useLab((s) => (s.run.settings ?? s.settings).dataset);
  const task = useLab((s) => s.run.task);
  return (
    !isImageDataset(dataset) &&
    !isRegressionDataset(dataset) &&
    !isUploadDataset(dataset) &&
    !isShippedTable(dataset) &&
    task !== 'regression'
  );
}
