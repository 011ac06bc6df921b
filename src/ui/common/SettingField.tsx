import { useEffect, useId, useState, type ReactNode } from 'react';
import { formatValue, parseValue } from '../../core/preset/codec';
import { SCHEMA, type FieldSpec, type Settings } from '../../core/preset/schema';
import { hintsFor } from '../../core/preset/gate';
import { explainSetting } from '../../core/teach/explain';
import { setSettings } from '../../store/actions';
import { gatePatch } from '../../store/settings-gate';
import { useLab } from '../../store/lab';
import { hiddenKeysOf, useTeach } from '../../store/teach';
import { useTip, type TipHandlers } from '../teach/Tip';

/** Friendlier names for enum options; anything missing shows its id. */
const OPTION_LABELS: Record<string, string> = {
  spiral: 'Spiral (2-D)',
  circles: 'Circles (2-D)',
  xor: 'XOR (2-D)',
  gaussian: 'Gaussian blobs (2-D)',
  digits: 'Digits 8×8 (1,797)',
  fashion: 'Fashion-MNIST 28×28 (12,000)',
  shapes: 'RGB shapes 32×32',
  cancer: 'Breast cancer (table, 569 × 30)',
  wine: 'Wine (table, 178 × 13)',
  iris: 'Iris (table, 150 × 4)',
  diabetes: 'Diabetes (table regression, 442 × 10)',
  table: 'Your table (CSV / TSV)',
  images: 'Your images (folder, zip, CIFAR-10)',
  mlp: 'MLP (dense layers)',
  cnn: 'CNN (conv blocks)',
  adam: 'Adam',
  sgd: 'SGD',
  momentum: 'SGD + momentum',
  nesterov: 'SGD + Nesterov',
  adamax: 'Adamax',
  nadam: 'Nadam',
  adagrad: 'Adagrad',
  adadelta: 'Adadelta',
  rmsprop: 'RMSprop',
  relu: 'ReLU',
  leaky: 'Leaky ReLU',
  prelu: 'PReLU',
  elu: 'ELU',
  selu: 'SELU',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  glorotUniform: 'Glorot uniform',
  glorotNormal: 'Glorot normal',
  heNormal: 'He normal',
  heUniform: 'He uniform',
  lecunNormal: 'LeCun normal',
  zeros: 'Zeros (to see why not)',
  constant: 'Constant',
  step: 'Step decay',
  exp: 'Exponential decay',
  cosine: 'Cosine to zero',
  plateau: 'Reduce on plateau',
  val_loss: 'Validation loss',
  val_acc: 'Validation accuracy',
  mse: 'Mean squared error',
  mae: 'Mean absolute error',
  sine: 'Noisy sine (1-D regression)',
  plane: 'Plane (2-D regression)',
  bumps: 'Gaussian bumps (2-D regression)',
  auto: 'Auto (fastest on this device)',
  webgl: 'WebGL',
  webgpu: 'WebGPU',
  wasm: 'WASM',
  cpu: 'CPU',
};

/** The display name of an enum option (a dataset, optimiser, schedule…); the id itself when it has none. */
export function optionLabel(id: string): string {
  return OPTION_LABELS[id] ?? id;
}

const HINTS: Partial<Record<keyof Settings, string>> = {
  hidden: 'units per layer, e.g. 64,64',
  conv: 'filters per block, p = 2×2 max-pool, e.g. 32p,64p,64',
  dense: 'units per layer, e.g. 64',
  trainSize: '0 keeps every training sample',
};

/**
 * One control for one setting, built from the schema: the label, bounds and parser are the URL codec's,
 * so what the UI accepts is exactly what a link can carry. Text is committed only when it parses.
 * A control whose URL key is hidden (`<key>_hide=1`, present mode, the open lesson) renders nothing; every
 * other one explains itself on hover and on keyboard focus (explainSetting, at its current value).
 */
export function SettingField({ name, disabled }: { name: keyof Settings; disabled?: boolean }) {
  const spec = SCHEMA[name] as FieldSpec;
  const hidden = useTeach((t) => hiddenKeysOf(t.query).has(spec.key));
  if (hidden) return null;
  return <VisibleField name={name} disabled={disabled} />;
}

function VisibleField({ name, disabled }: { name: keyof Settings; disabled?: boolean }) {
  const spec = SCHEMA[name] as FieldSpec;
  const value = useLab((s) => s.settings[name]);
  const training = useLab((s) => s.run.status === 'training');
  const id = useId();
  const off = disabled || training;
  const range = spec.kind === 'int' || spec.kind === 'float' ? ` Allowed: ${spec.min} … ${spec.max}.` : '';
  const hint = useLab((s) => hintsFor(s.settings)[name]);
  const { id: tipId, handlers, tip } = useTip(`${explainSetting(name, value as never)}${range}`);
  const common = { id, disabled: off, 'data-testid': `setting-${name}`, 'aria-describedby': tipId };

  if (spec.kind === 'bool') {
    return (
      <div className="field field-check" data-key={spec.key} {...handlers}>
        <input type="checkbox" {...common} checked={value as boolean} onChange={(e) => setSettings({ [name]: e.target.checked })} />
        <label htmlFor={id}>{spec.label}</label>
        {tip}
      </div>
    );
  }
  if (spec.kind === 'enum') {
    return (
      <div className="field" data-key={spec.key} {...handlers}>
        <label htmlFor={id}>{spec.label}</label>
        <select {...common} value={value as string} onChange={(e) => setSettings({ [name]: e.target.value })}>
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {optionLabel(o)}
            </option>
          ))}
        </select>
        {hint && (
          <span className="field-hint" data-testid={`setting-hint-${name}`}>
            {hint}
          </span>
        )}
        {tip}
      </div>
    );
  }
  return <TextField name={name} spec={spec} value={value} id={id} disabled={off} tipId={tipId} handlers={handlers} tip={tip} />;
}

function TextField(props: { name: keyof Settings; spec: FieldSpec; value: unknown; id: string; disabled: boolean; tipId: string; handlers: TipHandlers; tip: ReactNode }) {
  const { name, spec, value, id, disabled, tipId, handlers, tip } = props;
  const shown = formatValue(spec, value);
  const [text, setText] = useState(shown);
  const [problem, setProblem] = useState<string | null>(null);
  // Follow outside changes (presets, reset) unless the user is mid-edit with an invalid value.
  useEffect(() => {
    setText(shown);
    setProblem(null);
  }, [shown]);
  const numeric = spec.kind === 'int' || spec.kind === 'float';
  const hint = HINTS[name];
  const errorId = `${id}-error`;
  return (
    <div className="field" data-key={spec.key} {...handlers}>
      <label htmlFor={id}>{spec.label}</label>
      <input
        id={id}
        data-testid={`setting-${name}`}
        type="text"
        inputMode={numeric ? 'decimal' : 'text'}
        disabled={disabled}
        value={text}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${errorId} ${tipId}` : tipId}
        placeholder={hint}
        onChange={(e) => {
          setText(e.target.value);
          // The settings gate judges the value with the others (held-out fractions, class indices), as typed.
          const parsed = parseValue(spec, e.target.value);
          const refused = parsed.ok ? gatePatch(useLab.getState().settings, { [name]: parsed.value }).fieldErrors[name] : parsed.reason;
          // Next to its own label, the message need not name the field again.
          setProblem(refused?.replace(`${spec.label}: `, '') ?? null);
          if (parsed.ok && !refused) setSettings({ [name]: parsed.value });
        }}
        onBlur={() => {
          setText(shown);
          setProblem(null);
        }}
      />
      {problem && (
        <span className="field-error" id={errorId} role="alert">
          {problem}
        </span>
      )}
      {tip}
    </div>
  );
}
