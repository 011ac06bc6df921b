import { PRESETS } from '../../core/preset/presets';
import { Fragment, type ReactNode } from 'react';
import {
  isImageDataset,
  isRegressionDataset,
  isShippedTable,
  SCHEMA,
  SECTION_IDS,
  type DataFacts,
  type SectionId,
  type Settings,
} from '../../core/preset/schema';
import { formLines, SECTIONS } from '../../core/preset/sections';
import { applyPreset } from '../../store/actions';
import { useLab } from '../../store/lab';
import { activePresetId } from '../../store/selectors';
import { taskOf } from '../../core/types';
import { ViewLink } from '../layout/ViewLink';
import { SettingField } from '../common/SettingField';
import { AugmentPreview } from './AugmentPreview';
import { BackendProbeLine } from './BackendProbeLine';
import { SettingsSection } from './SettingsSection';
import { usePreviewData, type PreviewData } from './usePreviewData';

/**
 * Everything that defines a run, top to bottom in the order a student decides it, in collapsible sections
 * (the sidebar scrolls on its own, so the curves never move). Previews of the data and the model live in
 * the lab view beside the curves.
 */
export function SetupPanel() {
  return (
    <TrainingLock>
      <SetupForm />
    </TrainingLock>
  );
}

/**
 * Every control of the setup, disabled while a run trains, by one disabled fieldset: a run's start and end
 * change one attribute, and no field re-renders (its children are the same element from SetupPanel).
 */
function TrainingLock({ children }: { children: ReactNode }) {
  const training = useLab((st) => st.run.status === 'training');
  return (
    <fieldset className="setup-lock" disabled={training}>
      {children}
    </fieldset>
  );
}

function SetupForm() {
  const s = useLab((st) => st.settings);
  const { preview } = usePreviewData();
  const images = isImageDataset(s.dataset);
  // The id says it for the shipped sets; the user's own table says it in its data (the task is chosen at import).
  const regression = isRegressionDataset(s.dataset) || (preview?.data.id === s.dataset && taskOf(preview.data) === 'regression');
  const generated = (!images && !isShippedTable(s.dataset)) || s.dataset === 'shapes';
  const facts: DataFacts = { images, regression, generated };
  const presetId = activePresetId(s);
  const preset = PRESETS.find((p) => p.id === presetId);

  return (
    <div className="setup">
      <section className="panel settings-section preset-section" aria-label="Preset">
        <div className="field">
          <label htmlFor="preset-select">Start from</label>
          <select id="preset-select" data-testid="preset-select" value={presetId ?? ''} onChange={(e) => applyPreset(e.target.value)}>
            <option value="" disabled>
              Custom settings
            </option>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </div>
        {preset && <p className="muted preset-description">{preset.description}</p>}
      </section>

      {SECTION_IDS.filter((id) => SECTIONS[id].shownWhen?.(facts) ?? true).map((id) => (
        <SettingsSection key={id} title={SECTIONS[id].title} note={SECTIONS[id].note} defaultOpen={SECTIONS[id].open}>
          <SectionFields section={id} settings={s} facts={facts} />
          {id === 'data' && <DataSectionEnd preview={facts.regression ? null : preview} />}
          {id === 'augmentation' && preview && preview.data.kind === 'image' && <AugmentPreview preview={preview} />}
          {id === 'runtime' && <BackendProbeLine />}
        </SettingsSection>
      ))}
    </div>
  );
}

/** A section's fields, laid out from their schema rows: lines side by side, each field's note under it. */
function SectionFields({ section, settings, facts }: { section: SectionId; settings: Settings; facts: DataFacts }) {
  return formLines(section, settings, facts).map(({ line, fields }) => {
    const controls = fields.map(({ name, enabled }) => <SettingField key={name} name={name} disabled={!enabled} />);
    const notes = fields.map(({ name }) => {
      const note = SCHEMA[name].note;
      return note?.when(settings) ? (
        <p key={`${name}-note`} className="muted" data-testid={note.testId}>
          {note.text}
        </p>
      ) : null;
    });
    return (
      // Prefixed: a line id may equal a field's name ('schedule' is both the select and the line of its options),
      // and a key shared by two children makes React duplicate or drop one of them.
      <Fragment key={line ? `line:${line}` : `field:${fields[0]?.name}`}>
        {line ? <div className="row">{controls}</div> : controls}
        {notes}
      </Fragment>
    );
  });
}

/** Below the data fields: which class the minority share makes rare (classification), and the way to the import view. */
function DataSectionEnd({ preview }: { preview: PreviewData | null }) {
  const s = useLab((st) => st.settings);
  const classNames = preview?.data.classNames ?? [];
  return (
    <>
      {s.minorityShare < 1 && classNames.length > 0 && (
        <p className="muted" data-testid="imbalance-note">
          Minority class: {classNames[Math.min(s.minorityClass, classNames.length - 1)]}, keeping {Math.round(s.minorityShare * 100)}% of
          its samples in every split (test included).
        </p>
      )}
      <p className="section-link">
        <ViewLink view="data">Import your own data (CSV, images, CIFAR-10)…</ViewLink>
      </p>
    </>
  );
}
