/**
 * What one row of `SCHEMA` (./schema.ts) must carry. The settings and their rows live in ./rows/, one file
 * per section of the settings form: each declares its section's settings and one row for each.
 */

export interface ConvBlock {
  filters: number;
  /** 2×2 max pooling after the convolution. */
  pool: boolean;
}

type Base<T> = { key: string; label: string; default: T };
export type FieldSpec =
  | (Base<number> & { kind: 'int' | 'float'; min: number; max: number })
  | (Base<boolean> & { kind: 'bool' })
  | (Base<string> & { kind: 'enum'; options: readonly string[] })
  | (Base<number[]> & { kind: 'intlist'; min: number; max: number; maxItems: number; minItems: number })
  | (Base<ConvBlock[]> & { kind: 'blocks'; min: number; max: number; maxItems: number });

// Wrapped in [] so unions such as `boolean` or an enum's options are not distributed over.
export type SpecFor<T> = [T] extends [number]
  ? Extract<FieldSpec, { kind: 'int' | 'float' }>
  : [T] extends [boolean]
    ? Extract<FieldSpec, { kind: 'bool' }>
    : [T] extends [string]
      ? Extract<FieldSpec, { kind: 'enum' }> & { default: T; options: readonly T[]; optionLabels: { [O in T]: string } }
      : [T] extends [number[]]
        ? Extract<FieldSpec, { kind: 'intlist' }>
        : Extract<FieldSpec, { kind: 'blocks' }>;

/**
 * What a change to a setting invalidates. 'data' rebuilds the dataset and its split (previews, the worker's
 * data); 'model' rebuilds the model (its summary) and its speed calibration; 'training' and 'runtime' only
 * change how the next run trains or where it runs.
 */
export type SettingGroup = 'data' | 'model' | 'training' | 'runtime';

/** The sections of the settings form, in order (see SECTIONS in ./sections.ts). */
export const SECTION_IDS = ['data', 'model', 'regularisation', 'augmentation', 'optimisation', 'runtime'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/** Facts of the chosen data that decide which fields the form shows, beyond the settings themselves. */
export interface DataFacts {
  images: boolean;
  regression: boolean;
  /** Generated on the fly (toy sets and shapes), so samples and noise apply. */
  generated: boolean;
}

/** A condition on a section's own settings (S) and the data's facts. */
export type FieldCondition<S> = (s: S, data: DataFacts) => boolean;

/** Everything about a setting besides its value's type and bounds. */
export interface RowExtras<T, S> {
  group: SettingGroup;
  /** Where the settings form shows it; null for a setting with a control of its own (pace: the playback bar). */
  section: SectionId | null;
  /** Fields of a section that share a line id sit side by side in one row of the form. */
  line?: string;
  /** The in-place explanation at a value, for a student; `shown` is the value as a link writes it. */
  help: (value: T, shown: string) => string;
  /** The field shows only while this holds (the settings it depends on); always when absent. */
  shownWhen?: FieldCondition<S>;
  /** The field shows greyed out unless this holds. */
  enabledWhen?: FieldCondition<S>;
  /** Example input shown in an empty text field. */
  placeholder?: string;
  /** A short note under the field while `when` holds. */
  note?: { testId: string; when: (s: S) => boolean; text: string };
}

/**
 * One schema row: the URL key, label, default and bounds (FieldSpec) plus RowExtras; an enum names every
 * option. S is the settings its conditions may read: its own section's.
 */
export type SettingRow<T, S> = SpecFor<T> & RowExtras<T, S>;

/** The rows of one section's settings S: one row per field, each typed by that field's value. */
export type SchemaRows<S> = { [K in keyof S]-?: SettingRow<S[K], S> };
