import { useEffect } from 'react';
import { isPresent, useTeach } from '../store/teach';
import { ErrorBoundary } from './common/ErrorBoundary';
import { Notices } from './common/Notices';
import { Panel } from './common/Panel';
import { EvaluationDetails } from './evaluation/EvaluationDetails';
import { EvaluationPanel } from './evaluation/EvaluationPanel';
import { HistoryPanel } from './compare/HistoryPanel';
import { ExperimentsPanel } from './experiments/ExperimentsPanel';
import { ShareBar } from './header/ShareBar';
import { SetupPanel } from './setup/SetupPanel';
import { LessonCard } from './teach/LessonCard';
import { OverfitBanner } from './teach/OverfitBanner';
import { TeachBar } from './teach/TeachBar';
import { applyTheme, currentTheme } from './teach/theme';
import { TrainBoth } from './teach/TrainBoth';
import { BoundaryPanel } from './training/BoundaryPanel';
import { LearningCurves } from './training/LearningCurves';
import { RunControls } from './training/RunControls';

// Before the first paint, so a dark-theme visitor never sees a white flash.
if (typeof document !== 'undefined') applyTheme(currentTheme());

export function App() {
  const present = useTeach((t) => isPresent(t.query));
  useEffect(() => {
    document.documentElement.classList.toggle('present', present);
  }, [present]);
  return (
    <div className={present ? 'app present' : 'app'} data-present={present || undefined}>
      <a className="skip-link" href="#training">
        Skip to training
      </a>
      <header className="app-header">
        <h1>
          Fitlab <span className="tagline">see why a model generalises — or doesn’t</span>
        </h1>
        <TeachBar />
        <ShareBar />
      </header>
      <Notices />
      <main className="layout">
        <div className="side">
          {/* Presenting, the lesson sits beside its few controls, so the curves stay in view in the middle. */}
          {present && (
            <ErrorBoundary label="Lesson">
              <LessonCard />
            </ErrorBoundary>
          )}
          <ErrorBoundary label="Setup">
            <SetupPanel />
          </ErrorBoundary>
        </div>
        <div className="centre" id="training" tabIndex={-1}>
          {!present && (
            <ErrorBoundary label="Lesson">
              <LessonCard />
            </ErrorBoundary>
          )}
          <ErrorBoundary label="Training">
            <Panel title="Training">
              <RunControls />
              <OverfitBanner />
              <LearningCurves />
              <TrainBoth />
              <BoundaryPanel />
            </Panel>
          </ErrorBoundary>
        </div>
        <ErrorBoundary label="Evaluation">
          <EvaluationPanel />
        </ErrorBoundary>
        <div className="wide wide-details">
          <ErrorBoundary label="Evaluation in depth">
            <EvaluationDetails />
          </ErrorBoundary>
        </div>
        <div className="wide wide-experiments">
          <ErrorBoundary label="Experiments">
            <ExperimentsPanel />
          </ErrorBoundary>
        </div>
        <div className="wide wide-history">
          <ErrorBoundary label="Run history">
            <HistoryPanel />
          </ErrorBoundary>
        </div>
      </main>
    </div>
  );
}
