import { evaluateCheck, type Lesson, type LessonRun } from '../core/teach/lesson';
import { describeChange } from '../core/teach/cures';
import { LESSON_KEY } from '../core/preset/page-keys';
import { lessonById } from '../lessons';
import { loadQuery, setSettings } from './actions';
import { useLab, type RunState } from './lab';
import { lessonOf, teachTrainer, useTeach, type TeachState } from './teach-state';
import { setTeachParam } from './teach-url';
import { startTrainBoth } from './train-both';

/** A lesson's navigation (open, steps, "Do it", finish) and what each step's run showed. */

/** What a lesson check reads from a lab run; a run that ended in a divergence error counts as 'diverged'. */
export function lessonRunOf(run: Pick<RunState, 'history' | 'test' | 'status' | 'error'>): LessonRun {
  const diverged = run.status === 'error' && /diverge/i.test(run.error ?? '');
  return { epochs: run.history, test: run.test, status: diverged ? 'diverged' : run.status };
}

/** Whether a run shows anything a lesson step can be checked against (it trained at least one epoch). */
const usableForLesson = (run: RunState) => run.history.length > 0 && (run.status === 'done' || run.status === 'error');

/** Opens a lesson: its link's settings, its first step, `lesson=<id>` in the URL. Unknown ids do nothing. */
export function openLesson(id: string): boolean {
  const lesson = lessonById(id);
  if (!lesson || teachTrainer().busy()) return false;
  loadQuery(lesson.url);
  const params = new URLSearchParams(useTeach.getState().query);
  params.set(LESSON_KEY, id);
  useTeach.setState({ query: params.toString(), step: 0, outcomes: {}, runSteps: {}, finished: false });
  return true;
}

/** Leaves the lesson (its settings stay). */
export function closeLesson(): void {
  setTeachParam(LESSON_KEY, null);
  useTeach.setState({ step: 0, outcomes: {}, runSteps: {}, finished: false });
}

export function goToStep(index: number): void {
  const lesson = lessonOf(useTeach.getState().query);
  if (!lesson) return;
  const step = Math.max(0, Math.min(lesson.steps.length - 1, index));
  useTeach.setState({ step, finished: false });
}

/** Shows the lesson's point. */
export function finishLesson(): void {
  useTeach.setState({ finished: true });
}

/**
 * "Do it": makes step `index` current, applies its settings and presses what it says ('train', or 'train-both':
 * the settings before the change, then after it). Does nothing while the trainer is busy.
 */
export function doStep(index: number): boolean {
  const lesson = lessonOf(useTeach.getState().query);
  const step = lesson?.steps[index];
  if (!lesson || !step || teachTrainer().busy()) return false;
  useTeach.setState({ step: index, finished: false });
  const set = step.action?.set ?? {};
  const press = step.action?.press;
  const before = useLab.getState().settings;
  if (press === 'train-both') {
    const after = { ...before, ...structuredClone(set) };
    const started = startTrainBoth(before, after, [`before: ${describeChange(after, before)}`, `after: ${describeChange(before, set)}`]);
    if (started) useTeach.setState((t) => ({ pair: { ...t.pair, step: index } }));
    return started;
  }
  if (Object.keys(set).length) setSettings(structuredClone(set));
  if (press === 'train') {
    teachTrainer().start();
    const run = useLab.getState().run;
    if (run.status === 'training' && run.id) useTeach.setState((t) => ({ runSteps: { ...t.runSteps, [run.id!]: index } }));
  }
  return true;
}

/** Lesson done: Finish pressed, or the last step has a finished run. */
export function lessonFinished(s: Pick<TeachState, 'finished' | 'outcomes'>, lesson: Lesson): boolean {
  return s.finished || s.outcomes[lesson.steps.length - 1] !== undefined;
}

/** Notes what a finished run showed for the lesson step that started it (or the step shown). */
export function recordStep(run: RunState, partOfPairA: boolean): void {
  const t = useTeach.getState();
  const lesson = lessonOf(t.query);
  if (!lesson || !run.id || partOfPairA || !usableForLesson(run)) return;
  const index = t.runSteps[run.id] ?? t.step;
  const step = lesson.steps[index];
  if (!step) return;
  const check = step.check ? evaluateCheck(step.check, lessonRunOf(run)) : null;
  useTeach.setState({ outcomes: { ...t.outcomes, [index]: { runId: run.id, status: run.status, check } } });
}
