import { useEffect, useRef, useState } from 'react';
import { lessons } from '../../lessons';
import { useLab } from '../../store/lab';
import { closeLesson, isPresent, lessonIdOf, openLesson, togglePresent, useTeach } from '../../store/teach';
import { chooseTheme, currentTheme, startTheme, type Theme } from './theme';

/** Header controls for teaching: the lesson menu, instructor (present) mode, and the theme. */
export function TeachBar() {
  return (
    <div className="teach-bar">
      <LessonMenu />
      <PresentToggle />
      <ThemeToggle />
    </div>
  );
}

/** A disclosure menu of the built-in lessons; opening one sets `?lesson=<id>` and moves focus to its card. */
function LessonMenu() {
  const ref = useRef<HTMLDetailsElement>(null);
  // The list is built when the menu first opens: the lessons are parsed on first use, not at start-up.
  const [opened, setOpened] = useState(false);
  const activeId = useTeach((t) => lessonIdOf(t.query));
  const busy = useLab((s) => s.run.status === 'training' || s.experiment.status === 'training');
  const open = (id: string) => {
    if (!openLesson(id)) return;
    if (ref.current) ref.current.open = false;
    // The card renders on the next frame; its heading takes focus so keyboard users land in the lesson.
    requestAnimationFrame(() => document.getElementById('lesson-title')?.focus());
  };
  return (
    <details
      className="menu lesson-menu"
      ref={ref}
      data-testid="lesson-menu"
      onToggle={(e) => e.currentTarget.open && setOpened(true)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && ref.current?.open) {
          ref.current.open = false;
          ref.current.querySelector('summary')?.focus();
        }
      }}
    >
      <summary>Lessons</summary>
      <ul className="menu-list" aria-label="Lessons">
        {(opened ? lessons() : []).map((l) => (
          <li key={l.id}>
            <button
              type="button"
              data-testid={`lesson-open-${l.id}`}
              aria-current={l.id === activeId ? 'true' : undefined}
              disabled={busy}
              onClick={() => open(l.id)}
            >
              {l.title}
            </button>
          </li>
        ))}
        {activeId && (
          <li>
            <button type="button" data-testid="lesson-close" onClick={closeLesson}>
              Leave the lesson
            </button>
          </li>
        )}
      </ul>
    </details>
  );
}

function PresentToggle() {
  const present = useTeach((t) => isPresent(t.query));
  return (
    <button
      type="button"
      data-testid="present-toggle"
      aria-pressed={present}
      onClick={togglePresent}
      title="Instructor mode: large type, high contrast, only the controls the lesson uses (present=1 in the link)"
    >
      Present
    </button>
  );
}

function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(currentTheme);
  useEffect(() => startTheme(setTheme), []);
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      data-testid="theme-toggle"
      aria-pressed={dark}
      onClick={() => {
        const next: Theme = dark ? 'light' : 'dark';
        chooseTheme(next);
        setTheme(next);
      }}
    >
      Dark theme
    </button>
  );
}
