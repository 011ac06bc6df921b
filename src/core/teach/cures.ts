import { formatValue } from '../preset/codec';
import { SCHEMA, isImageDataset, type FieldSpec, type Settings } from '../preset/schema';

/**
 * The cures "Train both" compares against the current settings: each is a settings patch that switches one
 * remedy for overfitting on, and says when it cannot be compared (already on, or no image data).
 */

export type CureVariant = 'dropout' | 'l2' | 'augmentation' | 'earlyStop';

export interface CureSpec {
  id: CureVariant;
  /** Option text: "with dropout". */
  label: string;
  /** The settings that switch the cure on. */
  patch(s: Settings): Partial<Settings>;
  /** Why it cannot be compared with these settings (already on, or not image data); null when it can. */
  unavailable(s: Settings): string | null;
}

const alreadyOn = (what: string) => `${what} is already on: switch it off to compare with and without.`;

export const CURES: readonly CureSpec[] = [
  {
    id: 'dropout',
    label: 'with dropout',
    patch: () => ({ dropout: true }),
    unavailable: (s) => (s.dropout ? alreadyOn('Dropout') : null),
  },
  {
    id: 'l2',
    label: 'with L2',
    patch: () => ({ l2: true }),
    unavailable: (s) => (s.l2 ? alreadyOn('L2') : null),
  },
  {
    id: 'augmentation',
    label: 'with augmentation',
    patch: () => ({ shift: true, rotate: true }),
    unavailable: (s) =>
      !isImageDataset(s.dataset)
        ? 'Augmentation needs image data (digits, fashion, shapes or your images).'
        : s.shift && s.rotate
          ? alreadyOn('Augmentation (shift and rotation)')
          : null,
  },
  {
    id: 'earlyStop',
    label: 'with early stopping',
    patch: () => ({ earlyStop: true, esRestore: true }),
    unavailable: (s) => (s.earlyStop ? alreadyOn('Early stopping') : null),
  },
];

export const cureById = (id: CureVariant): CureSpec => CURES.find((c) => c.id === id) ?? CURES[0];

/** "dropout on", "L2 λ 0.01": the settings of `patch` that differ from `base`, in words. */
export function describeChange(base: Settings, patch: Partial<Settings>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(patch) as [keyof Settings, unknown][]) {
    const spec = SCHEMA[name] as FieldSpec;
    if (formatValue(spec, value) === formatValue(spec, base[name])) continue;
    parts.push(spec.kind === 'bool' ? `${spec.label} ${value ? 'on' : 'off'}` : `${spec.label} ${formatValue(spec, value)}`);
  }
  return parts.join(', ') || 'no change';
}
