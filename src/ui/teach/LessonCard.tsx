import { formatValue } from '../../core/preset/codec';
import { SCHEMA, type FieldSpec, type Settings } from '../../core/preset/schema';
import { evaluateCheck, type Lesson, type LessonCheck, type LessonStep } from '../../core/teach/lesson';
import type { OverfitState } from '../../core/teach/overfit';
import { useShallow } from 'zustand/react/shallow';
import { useLab } from '../../store/lab';
import {
  closeLesson,
  doStep,
  finishLesson,
  goToStep,
  lessonFinished,
  lessonIdOf,
  lessonOf,
  lessonRunOf,
  useTeach,
  type StepOutcome,
} from '../../store/teach';

const STATE_WORDS: Record<OverfitState, string> = {
  learning: 'still learning',
  plateau: 'levelled off',
  overfitting: 'overfitting',
  diverged: 'diverged',
  'too-early': 'too early to tell',
};

const METRIC_WORDS: Record<string, string> = {
  loss: 'final training loss',
  val_loss: 'final validation loss',
  best_val_loss: 'best validation loss',
  acc: 'final training accuracy',
  val_acc: 'final validation accuracy',
  gap: 'gap (validation − training loss)',
  test_accuracy: 'test accuracy',
  macro_f1: 'macro F1',
  min_recall: 'lowest per-class recall',
  positive_recall: 'recall of the positive class',
};

/** "Dropout on, then Train both", from a step's action. */
function actionText(step: LessonStep): string {
  const set = step.action?.set ?? {};
  const parts = (Object.entries(set) as [keyof Settings, unknown][]).map(([name, value]) => {
    const spec = SCHEMA[name] as FieldSpec;
    return spec.kind === 'bool' ? `${spec.label} ${value ? 'on' : 'off'}` : `${spec.label} = ${formatValue(spec, value)}`;
  });
  const press = step.action?.press === 'train' ? 'Train' : step.action?.press === 'train-both' ? 'Train both (before and after)' : null;
  if (parts.length && press) return `${parts.join(', ')}, then ${press}`;
  return parts.join(', ') || press || '';
}

function expected(check: LessonCheck): string {
  if (check.kind === 'state') return `the detector says ${check.expect.map((s) => STATE_WORDS[s]).join(' or ')}`;
  const name = METRIC_WORDS[check.metric] ?? check.metric;
  if (check.above !== undefined && check.below !== undefined) return `${name} between ${check.above} and ${check.below}`;
  return check.above !== undefined ? `${name} above ${check.above}` : `${name} below ${check.below}`;
}

function shown(value: OverfitState | number): string {
  return typeof value === 'number' ? (Number.isFinite(value) ? value.toFixed(3) : 'not available') : STATE_WORDS[value];
}

/**
 * The open lesson (`?lesson=<id>`): its title and summary, the steps as an ordered list with the current one
 * highlighted, "Do it" per step (applies the step's settings and presses Train), Back / Next, each step's check
 * against the run it made, and the lesson's point once done.
 */
export function LessonCard() {
  const query = useTeach((t) => t.query);
  const id = lessonIdOf(query);
  const lesson = lessonOf(query);
  if (!id) return null;
  if (!lesson) {
    return (
      <section className="lesson-card notice notice-warn" data-testid="lesson-card" data-missing="" aria-label="Lesson">
        <p>There is no lesson called “{id}”. Pick one from the Lessons menu.</p>
        <button type="button" onClick={closeLesson}>
          Leave
        </button>
      </section>
    );
  }
  return <LessonView lesson={lesson} />;
}

function LessonView({ lesson }: { lesson: Lesson }) {
  const teach = useTeach(useShallow((t) => ({ pairStatus: t.pair.status, step: t.step, outcomes: t.outcomes, finished: t.finished })));
  const run = useLab((s) => s.run);
  const busy = useLab((s) => s.run.status === 'training' || s.experiment.status === 'training');
  const pairRunning = teach.pairStatus === 'a' || teach.pairStatus === 'b';
  const { step } = teach;
  const last = lesson.steps.length - 1;
  const done = lessonFinished(teach, lesson);
  const finishedRun = (run.status === 'done' || run.status === 'error') && run.history.length > 0;
  // A step without its own run (e.g. "look at the per-class report") is checked against the latest run.
  const outcomeOf = (i: number, s: LessonStep): StepOutcome | null => {
    if (teach.outcomes[i]) return teach.outcomes[i];
    if (!s.action?.press && s.check && finishedRun && run.id)
      return { runId: run.id, status: run.status, check: evaluateCheck(s.check, lessonRunOf(run)) };
    return null;
  };
  return (
    <section
      className="lesson-card"
      data-testid="lesson-card"
      data-lesson={lesson.id}
      data-step={step}
      data-done={done || undefined}
      aria-labelledby="lesson-title"
    >
      <div className="lesson-head">
        <h2 id="lesson-title" tabIndex={-1}>
          Lesson: {lesson.title}
        </h2>
        <button type="button" className="lesson-leave" onClick={closeLesson}>
          Leave lesson
        </button>
      </div>
      <p>{lesson.summary}</p>
      <ol className="lesson-steps">
        {lesson.steps.map((s, i) => {
          const outcome = outcomeOf(i, s);
          const current = i === step;
          return (
            <li
              key={i}
              className={current ? 'lesson-step current' : 'lesson-step'}
              data-testid={`lesson-step-${i}`}
              aria-current={current ? 'step' : undefined}
              data-check={outcome?.check ? (outcome.check.pass ? 'pass' : 'fail') : outcome ? 'ran' : undefined}
            >
              {current && <span className="sr-only">Current step: </span>}
              <p>{s.text}</p>
              <div className="lesson-step-actions">
                {s.action && (
                  <button
                    type="button"
                    className={current ? 'primary' : undefined}
                    data-testid={`lesson-do-${i}`}
                    disabled={busy || pairRunning}
                    onClick={() => doStep(i)}
                  >
                    Do it: {actionText(s)}
                  </button>
                )}
                {!s.action && !current && (
                  <button type="button" onClick={() => goToStep(i)}>
                    Go to this step
                  </button>
                )}
              </div>
              {s.check && outcome?.check && (
                <p
                  className={outcome.check.pass ? 'lesson-check pass' : 'lesson-check fail'}
                  data-testid={`lesson-check-${i}`}
                  data-pass={outcome.check.pass}
                >
                  <span aria-hidden="true">{outcome.check.pass ? '✓ ' : '✗ '}</span>
                  {outcome.check.pass ? 'Seen: ' : 'Not this time: '}
                  {expected(s.check)} — this run: {shown(outcome.check.value)}.
                </p>
              )}
              {s.check && !outcome?.check && current && <p className="muted lesson-check">Look for: {expected(s.check)}.</p>}
            </li>
          );
        })}
      </ol>
      <div className="lesson-nav">
        <button type="button" data-testid="lesson-back" disabled={step === 0} onClick={() => goToStep(step - 1)}>
          ← Back
        </button>
        <span className="muted" aria-live="polite">
          Step {step + 1} of {lesson.steps.length}
        </span>
        {step < last ? (
          <button type="button" data-testid="lesson-next" onClick={() => goToStep(step + 1)}>
            Next →
          </button>
        ) : (
          <button type="button" data-testid="lesson-next" disabled={done} onClick={finishLesson}>
            Finish
          </button>
        )}
      </div>
      {done && (
        <p className="lesson-point" data-testid="lesson-point" role="status">
          <strong>The point: </strong>
          {lesson.point}
        </p>
      )}
    </section>
  );
}
