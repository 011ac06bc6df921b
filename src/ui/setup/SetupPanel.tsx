import { PRESETS } from '../../core/preset/presets';
import { isImageDataset, isRegressionDataset, isShippedTable } from '../../core/preset/schema';
import { applyPreset } from '../../store/actions';
import { useLab } from '../../store/lab';
import { activePresetId } from '../../store/selectors';
import { taskOf } from '../../core/types';
import { ViewLink } from '../layout/ViewLink';
import { SettingField } from '../common/SettingField';
import { AugmentPreview } from './AugmentPreview';
import { BackendProbeLine } from './BackendProbeLine';
import { SettingsSection } from './SettingsSection';
import { usePreviewData } from './usePreviewData';

/**
 * Everything that defines a run, top to bottom in the order a student decides it, in collapsible sections
 * (the sidebar scrolls on its own, so the curves never move). Previews of the data and the model live in
 * the lab view beside the curves.
 */
export function SetupPanel() {
  const s = useLab((st) => st.settings);
  const training = useLab((st) => st.run.status === 'training');
  const { preview } = usePreviewData();
  const images = isImageDataset(s.dataset);
  // The id says it for the shipped sets; the user's own table says it in its data (the task is chosen at import).
  const regression = isRegressionDataset(s.dataset) || (preview?.data.id === s.dataset && taskOf(preview.data) === 'regression');
  const generated = (!images && !isShippedTable(s.dataset)) || s.dataset === 'shapes';
  const presetId = activePresetId(s);
  const preset = PRESETS.find((p) => p.id === presetId);

  return (
    <div className="setup">
      <section className="panel settings-section preset-section" aria-label="Preset">
        <div className="field">
          <label htmlFor="preset-select">Start from</label>
          <select
            id="preset-select"
            data-testid="preset-select"
            disabled={training}
            value={presetId ?? ''}
            onChange={(e) => applyPreset(e.target.value)}
          >
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

      <SettingsSection title="Data">
        <SettingField name="dataset" />
        {generated && <SettingField name="samples" />}
        {generated && <SettingField name="noise" />}
        {generated && !images && !regression && <SettingField name="classes" disabled={s.dataset === 'xor'} />}
        <div className="row">
          <SettingField name="val" />
          <SettingField name="test" />
        </div>
        <div className="row">
          <SettingField name="trainSize" />
          {!regression && <SettingField name="labelNoise" />}
        </div>
        {!regression && (
          <div className="row">
            <SettingField name="minorityShare" />
            <SettingField name="minorityClass" disabled={s.minorityShare >= 1} />
          </div>
        )}
        {!regression && s.minorityShare < 1 && preview && (
          <p className="muted" data-testid="imbalance-note">
            Minority class: {preview.data.classNames[Math.min(s.minorityClass, preview.data.classNames.length - 1)]}, keeping{' '}
            {Math.round(s.minorityShare * 100)}% of its samples in every split (test included).
          </p>
        )}
        <SettingField name="seed" />
        <p className="section-link">
          <ViewLink view="data">Import your own data (CSV, images, CIFAR-10)…</ViewLink>
        </p>
      </SettingsSection>

      <SettingsSection title="Model">
        <SettingField name="model" />
        {s.model === 'cnn' && images ? (
          <>
            <SettingField name="conv" />
            <SettingField name="kernel" />
            <SettingField name="dense" />
          </>
        ) : (
          <SettingField name="hidden" />
        )}
        <div className="row">
          <SettingField name="activation" />
          {(s.activation === 'leaky' || s.activation === 'prelu') && <SettingField name="alpha" />}
        </div>
        <SettingField name="init" />
        {s.init === 'zeros' && (
          <p className="muted" data-testid="zeros-note">
            Every unit of a layer starts identical, gets the same gradient and stays identical: the network learns like one unit per layer.
          </p>
        )}
      </SettingsSection>

      <SettingsSection title="Regularisation">
        <div className="row">
          <SettingField name="dropout" />
          <SettingField name="dropoutRate" disabled={!s.dropout} />
        </div>
        <div className="row">
          <SettingField name="l2" />
          <SettingField name="l2Lambda" disabled={!s.l2} />
        </div>
        <div className="row">
          <SettingField name="l1" />
          <SettingField name="l1Lambda" disabled={!s.l1} />
        </div>
        <SettingField name="batchNorm" />
        {s.batchNorm && (
          <p className="muted" data-testid="batchnorm-note">
            After each hidden dense / conv layer, before its activation, so the activation sees normalised inputs; that layer&apos;s bias is dropped (BN&apos;s shift replaces it).
          </p>
        )}
      </SettingsSection>

      {images && (
        <SettingsSection title="Augmentation" note="training batches only">
          <SettingField name="flip" />
          <div className="row">
            <SettingField name="rotate" />
            <SettingField name="rotateDeg" disabled={!s.rotate} />
          </div>
          <div className="row">
            <SettingField name="shift" />
            <SettingField name="shiftPx" disabled={!s.shift} />
          </div>
          <div className="row">
            <SettingField name="brightness" />
            <SettingField name="brightnessAmt" disabled={!s.brightness} />
          </div>
          <div className="row">
            <SettingField name="gaussNoise" />
            <SettingField name="gaussNoiseSd" disabled={!s.gaussNoise} />
          </div>
          {preview && preview.data.kind === 'image' && <AugmentPreview preview={preview} />}
        </SettingsSection>
      )}

      <SettingsSection title="Optimisation">
        <div className="row">
          <SettingField name="optimizer" />
          {(s.optimizer === 'momentum' || s.optimizer === 'nesterov') && <SettingField name="momentum" />}
        </div>
        <div className="row">
          <SettingField name="lr" />
          <SettingField name="batchSize" />
        </div>
        <SettingField name="epochs" />
        <SettingField name="schedule" />
        {s.schedule === 'step' && (
          <div className="row">
            <SettingField name="lrEvery" />
            <SettingField name="lrFactor" />
          </div>
        )}
        {s.schedule === 'exp' && <SettingField name="lrDecay" />}
        {s.schedule === 'plateau' && (
          <div className="row">
            <SettingField name="lrFactor" />
            <SettingField name="lrPatience" />
            <SettingField name="minLr" />
          </div>
        )}
        <SettingField name="earlyStop" />
        {s.earlyStop && (
          <>
            <div className="row">
              <SettingField name="esMonitor" />
              <SettingField name="esPatience" />
              <SettingField name="esMinDelta" />
            </div>
            <SettingField name="esRestore" />
          </>
        )}
        {regression ? <SettingField name="regLoss" /> : <SettingField name="classWeights" />}
      </SettingsSection>

      <SettingsSection title="Runtime" defaultOpen={false}>
        <SettingField name="backend" />
        <BackendProbeLine />
        <SettingField name="worker" />
      </SettingsSection>
    </div>
  );
}
