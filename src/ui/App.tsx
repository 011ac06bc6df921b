import { lazy, Suspense, useEffect } from 'react';
import { isPresent, useTeach } from '../store/teach';
import { selectView } from '../store/view';
import { useSecondPass } from './common/afterFirstPaint';
import { ErrorBoundary } from './common/ErrorBoundary';
import { Notices } from './common/Notices';
import { ShareBar } from './header/ShareBar';
import { LabView } from './lab/LabView';
import { OtherView, prefetchViewsWhenIdle } from './layout/OtherView';
import { Sidebar } from './layout/Sidebar';
import { ViewNav } from './layout/ViewNav';
import { TeachBar } from './teach/TeachBar';
import { applyTheme, currentTheme } from './teach/theme';
import { RunControls } from './training/RunControls';

// The settings form and the lesson render in the page's second pass, and load with it in their own chunks.
const SetupPanel = lazy(() => import('./setup/SetupPanel').then((m) => ({ default: m.SetupPanel })));
const LessonCard = lazy(() => import('./teach/LessonCard').then((m) => ({ default: m.LessonCard })));

// Before the first paint, so a dark-theme visitor never sees a white flash.
if (typeof document !== 'undefined') applyTheme(currentTheme());

/**
 * The workspace: settings in a sidebar with its own scroll, and beside it one view at a time. Train / Stop sit
 * on top of every view; the lab view fits curves, held-out result, data and model on one laptop or projector
 * screen, and the other views (in-depth evaluation, experiments, history, your data) are one click away.
 */
export function App() {
  const present = useTeach((t) => isPresent(t.query));
  const view = useTeach(selectView);
  useEffect(() => {
    document.documentElement.classList.toggle('present', present);
  }, [present]);
  useEffect(prefetchViewsWhenIdle, []);
  // The settings form and the lesson come in the second pass (after Train is on screen): see useSecondPass.
  const full = useSecondPass();
  return (
    <div className={present ? 'app present' : 'app'} data-present={present || undefined} data-view={view}>
      <a className="skip-link" href="#main">
        Skip to the run
      </a>
      <header className="app-header">
        <h1>
          Fitlab <span className="tagline">see why a model generalises — or doesn’t</span>
        </h1>
        <ViewNav />
        <div className="header-tools">
          <TeachBar />
          <ShareBar />
        </div>
      </header>
      <Notices />
      <div className="workspace">
        {/* Settings first: a student decides them before pressing Train, and keyboard order follows the page. */}
        <Sidebar
          docked={
            full && (
              <ErrorBoundary label="Lesson">
                <Suspense fallback={null}>
                  <LessonCard />
                </Suspense>
              </ErrorBoundary>
            )
          }
        >
          {full && (
            <ErrorBoundary label="Setup">
              <Suspense fallback={null}>
                <SetupPanel />
              </Suspense>
            </ErrorBoundary>
          )}
        </Sidebar>
        <main className="main" id="main" tabIndex={-1}>
          <ErrorBoundary label="Run controls">
            <RunControls />
          </ErrorBoundary>
          {view === 'lab' ? <LabView /> : <OtherView view={view} />}
        </main>
      </div>
    </div>
  );
}
