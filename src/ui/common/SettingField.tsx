import { useEffect, useId, useState, type ReactNode } from 'react';
import { formatValue, parseValue } from '../../core/preset/codec';
import { optionLabel, SCHEMA, type FieldSpec, type Settings } from '../../core/preset/schema';
import { hintsFor } from '../../core/preset/gate';
import { explainSetting } from '../../core/teach/explain';
import { setSettings } from '../../store/actions';
import { gatePatch } from '../../store/settings-gate';
import { useLab } from '../../store/lab';
import { hiddenKeysOf, useTeach } from '../../store/teach';
import { useTip, type TipHandlers } from '../teach/Tip';

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
  const id = useId();
  // A run in training disables the control through the setup's fieldset (SetupPanel's TrainingLock).
  const off = disabled ?? false;
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
              {optionLabel(name, o)}
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

function TextField(props: {
  name: keyof Settings;
  spec: FieldSpec;
  value: unknown;
  id: string;
  disabled: boolean;
  tipId: string;
  handlers: TipHandlers;
  tip: ReactNode;
}) {
  const { name, spec, value, id, disabled, tipId, handlers, tip } = props;
  const shown = formatValue(spec, value);
  const [text, setText] = useState(shown);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(trackPointer, []);
  // Follow outside changes (presets, reset) unless the user is mid-edit with an invalid value.
  useEffect(() => {
    setText(shown);
    setProblem(null);
  }, [shown]);
  const numeric = spec.kind === 'int' || spec.kind === 'float';
  const hint = SCHEMA[name].placeholder;
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
          const refused = parsed.ok
            ? gatePatch(useLab.getState().settings, { [name]: parsed.value }).fieldErrors[name]
            : withWhatToType(spec, parsed.reason);
          // Next to its own label, the message need not name the field again.
          setProblem(refused?.replace(`${spec.label}: `, '') ?? null);
          if (parsed.ok && !refused) setSettings({ [name]: parsed.value });
        }}
        onBlur={(e) => {
          const input = e.currentTarget;
          afterPointerRelease(() => {
            // Back in the field by then (typing again): what it holds now is the user's, not stale.
            if (document.activeElement === input) return;
            setText(shown);
            setProblem(null);
          });
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

/**
 * The parser says what is wrong with the text ("abc" is not a number); next to the field the message also says
 * what to type instead. (The gate's cross-field messages already say what to change.)
 */
function withWhatToType(spec: FieldSpec, reason: string): string {
  switch (spec.kind) {
    case 'int':
      return `${reason}: type a whole number from ${spec.min} to ${spec.max}.`;
    case 'float':
      return `${reason}: type a number from ${spec.min} to ${spec.max}.`;
    case 'intlist':
      return `${reason}: type ${spec.minItems} to ${spec.maxItems} sizes from ${spec.min} to ${spec.max}, separated by commas (e.g. 32,32).`;
    case 'blocks':
      return `${reason}: type 1 to ${spec.maxItems} blocks of ${spec.min} to ${spec.max} filters, separated by commas, p after a block to pool (e.g. 16p,32p).`;
    default:
      return `${reason}.`;
  }
}

/** Whether a mouse button or finger is down now (a press that may move focus out of a field). */
let pointerDown = false;
let trackingPointer = false;

function trackPointer(): void {
  if (trackingPointer) return;
  trackingPointer = true;
  window.addEventListener('pointerdown', () => (pointerDown = true), true);
  for (const type of ['pointerup', 'pointercancel'] as const) window.addEventListener(type, () => (pointerDown = false), true);
}

/**
 * Runs `revert` now, or once the press that took focus away has ended. Reverting a refused field removes its
 * message, so everything below moves up: done on the blur of a press, the control the user pressed slid away
 * before the release, and the click was lost (found by the form fuzz: a checkbox under a refused field).
 */
function afterPointerRelease(revert: () => void): void {
  if (!pointerDown) return revert();
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    // After the click this release completes has been dispatched.
    setTimeout(revert, 0);
  };
  window.addEventListener('pointerup', once, { capture: true, once: true });
  window.addEventListener('pointercancel', once, { capture: true, once: true });
}
