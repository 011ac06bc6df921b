/**
 * The lab's views, one click apart and deep-linkable with `?view=<id>`. A view is where one looks, never
 * what one runs: the key is not a setting, a share link keeps it, and the bare URL opens the lab itself.
 */

export const VIEW_KEY = 'view';

export const VIEWS = [
  { id: 'lab', label: 'Lab', title: 'Train and watch: curves, held-out result, data and model on one screen' },
  { id: 'evaluate', label: 'Evaluate', title: 'The held-out test split in depth: per class, examples, robustness, timeline, size & speed' },
  { id: 'inside', label: 'Inside', title: 'Inside an image model: feature maps and filters for one example, and a pad to draw your own' },
  { id: 'experiments', label: 'Experiments', title: 'Cross-validation and hyperparameter search, on the training pool only' },
  { id: 'history', label: 'History', title: 'Every finished run, kept in this browser: rename, export, compare two' },
  {
    id: 'data',
    label: 'Your data',
    title: 'Import a CSV/TSV table, an image folder or zip, or CIFAR-10 batches; it never leaves the page',
  },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export const DEFAULT_VIEW: ViewId = 'lab';

export function isViewId(value: string | null): value is ViewId {
  return VIEWS.some((v) => v.id === value);
}

/** The view a query names; the lab for none or for a value that names no view. */
export function viewOf(query: string): ViewId {
  const value = new URLSearchParams(query).get(VIEW_KEY);
  return isViewId(value) ? value : DEFAULT_VIEW;
}
