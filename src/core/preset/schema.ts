/**
 * Every setting of a run, in one table. The same table gives the defaults, validates URL values and drives
 * both encoding and decoding, as TensorFlow Playground's `PROPS` does, so a setting cannot exist in the
 * UI without also living in the share link. Each row also carries what else is known about its setting:
 * its group (what a change invalidates), its place in the form, the fields it depends on, its option labels
 * and its explanation. Everything else about a setting is derived from its row (see CONTRIBUTING.md).
 */
import { AUGMENTATION_ROWS, type AugmentationFields } from './rows/augmentation';
import { DATA_ROWS, type DataFields, type DatasetId, type UploadDatasetId } from './rows/data';
import { MODEL_ROWS, type ModelFields } from './rows/model';
import { OPTIMISATION_ROWS, type OptimisationFields } from './rows/optimisation';
import { REGULARISATION_ROWS, type RegularisationFields } from './rows/regularisation';
import { RUNTIME_ROWS, type RuntimeFields } from './rows/runtime';
import type { SettingGroup, SettingRow } from './setting-types';

export * from './setting-types';
export { DATASET_IDS, UPLOAD_DATASETS, type DatasetId, type UploadDatasetId } from './rows/data';
export { ACTIVATIONS, INITIALIZERS, MODEL_KINDS, type Activation, type Initializer } from './rows/model';
export {
  ES_MONITORS,
  LR_SCHEDULES,
  OPTIMIZERS,
  REG_LOSSES,
  type EsMonitor,
  type LrSchedule,
  type OptimizerName,
  type RegLoss,
} from './rows/optimisation';
export { BACKENDS } from './rows/runtime';

/** Every setting of a run: the fields of all sections. */
export type Settings = DataFields & ModelFields & RegularisationFields & AugmentationFields & OptimisationFields & RuntimeFields;

/** One row per setting, each typed by its value; a setting without a row does not compile. */
export type SchemaTable = { [K in keyof Settings]: SettingRow<Settings[K], Settings> };

// Spread in this order: it is the order of the keys in a share link.
const ROWS = {
  ...DATA_ROWS,
  ...MODEL_ROWS,
  ...REGULARISATION_ROWS,
  ...AUGMENTATION_ROWS,
  ...OPTIMISATION_ROWS,
  ...RUNTIME_ROWS,
} satisfies SchemaTable;

/** Keyed by setting name; `key` is the (short, stable) URL key. */
export const SCHEMA: SchemaTable = ROWS;

export const SETTING_NAMES = Object.keys(SCHEMA) as (keyof Settings)[];

/** The settings of a group, as a type: e.g. `SettingsOf<'data'>` is what a dataset and its split depend on. */
export type SettingsOf<G extends SettingGroup> = Pick<
  Settings,
  { [K in keyof Settings]: (typeof ROWS)[K]['group'] extends G ? K : never }[keyof Settings]
>;

/** The names of a group's settings, in schema order. */
export function settingsIn<G extends SettingGroup>(group: G): (keyof SettingsOf<G>)[] {
  return SETTING_NAMES.filter((name) => SCHEMA[name].group === group) as (keyof SettingsOf<G>)[];
}

/** A group's values, keyed by setting name: equal objects mean nothing that group invalidates has changed. */
export function groupValues<G extends SettingGroup>(s: SettingsOf<G>, group: G): SettingsOf<G> {
  const out: Record<string, unknown> = {};
  for (const name of settingsIn(group)) out[name] = s[name];
  return out as SettingsOf<G>;
}

/** The display name of one option of an enum setting (a dataset, optimiser, schedule…). */
export function optionLabel(name: keyof Settings, option: string): string {
  const row = SCHEMA[name];
  const labels: Record<string, string> = 'optionLabels' in row ? row.optionLabels : {};
  return labels[option] ?? option;
}

export function defaultSettings(): Settings {
  const out: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) {
    const d: unknown = SCHEMA[name].default;
    // Only lists need a copy; structuredClone on every number made a 50,000-run import spend seconds here.
    out[name] = typeof d === 'object' && d !== null ? structuredClone(d) : d;
  }
  return out as unknown as Settings;
}

/** True when the dataset is made of images (so CNNs and augmentation apply). */
export function isImageDataset(id: DatasetId): boolean {
  return id === 'digits' || id === 'fashion' || id === 'shapes' || id === 'images';
}

/** True for the user's own data, which comes from the upload store instead of the registry. */
export function isUploadDataset(id: DatasetId): id is UploadDatasetId {
  return id === 'table' || id === 'images';
}

/** True when the dataset has a real-valued target (see src/core/data/regression.ts) instead of classes. */
export function isRegressionDataset(id: DatasetId): boolean {
  return id === 'sine' || id === 'plane' || id === 'bumps' || id === 'diabetes';
}

/** True for the tables Fitlab ships (src/core/data/tables.ts): fixed rows, no generator knobs. */
export function isShippedTable(id: DatasetId): boolean {
  return id === 'cancer' || id === 'wine' || id === 'iris' || id === 'diabetes';
}
