import { useLab } from '../../store/lab';
import { useDatasetSplit, type DatasetSplit } from '../common/useDatasetSplit';

export type PreviewData = DatasetSplit;

/** The dataset and split the current (live) settings describe, for the setup previews. */
export function usePreviewData(): { preview: PreviewData | null; error: string | null } {
  const settings = useLab((st) => st.settings);
  const { value, error } = useDatasetSplit(settings);
  return { preview: value, error };
}
