import { SCHEMA, SETTING_NAMES, type Settings } from './schema';
import type { DataFacts, SectionId } from './setting-types';

/** How the settings form shows a section; its fields are the schema rows that name it, in schema order. */
export interface SectionSpec {
  title: string;
  /** A few words after the title, e.g. where the section's settings apply. */
  note?: string;
  /** Open when the page loads. */
  open: boolean;
  /** The section shows only for such data; always when absent. */
  shownWhen?: (data: DataFacts) => boolean;
}

export const SECTIONS: Record<SectionId, SectionSpec> = {
  data: { title: 'Data', open: true },
  model: { title: 'Model', open: true },
  regularisation: { title: 'Regularisation', open: true },
  augmentation: { title: 'Augmentation', note: 'training batches only', open: true, shownWhen: (data) => data.images },
  optimisation: { title: 'Optimisation', open: true },
  runtime: { title: 'Runtime', open: false },
};

/** One row of the form: a field alone, or the fields sharing a `line` id side by side. */
export interface FormLine {
  /** The shared line id; absent for a field on its own. */
  line?: string;
  fields: { name: keyof Settings; enabled: boolean }[];
}

/** A section's visible fields for these settings and data, grouped into the form's rows. */
export function formLines(section: SectionId, s: Settings, data: DataFacts): FormLine[] {
  const lines: FormLine[] = [];
  for (const name of SETTING_NAMES) {
    const row = SCHEMA[name];
    if (row.section !== section || !(row.shownWhen?.(s, data) ?? true)) continue;
    const field = { name, enabled: row.enabledWhen?.(s, data) ?? true };
    const last = lines[lines.length - 1];
    if (row.line !== undefined && last?.line === row.line) last.fields.push(field);
    else lines.push({ line: row.line, fields: [field] });
  }
  return lines;
}
