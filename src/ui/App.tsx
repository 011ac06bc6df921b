import { ErrorBoundary } from './common/ErrorBoundary';
import { Notices } from './common/Notices';
import { Panel } from './common/Panel';
import { EvaluationDetails } from './evaluation/EvaluationDetails';
import { EvaluationPanel } from './evaluation/EvaluationPanel';
import { HistoryPanel } from './compare/HistoryPanel';
import { ExperimentsPanel } from './experiments/ExperimentsPanel';
import { ShareBar } from './header/ShareBar';
import { SetupPanel } from './setup/SetupPanel';
import { BoundaryPanel } from './training/BoundaryPanel';
import { LearningCurves } from './training/LearningCurves';
import { RunControls } from './training/RunControls';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          Fitlab <span className="tagline">see why a model generalises — or doesn’t</span>
        </h1>
        <ShareBar />
      </header>
      <Notices />
      <main className="layout">
        <ErrorBoundary label="Setup">
          <SetupPanel />
        </ErrorBoundary>
        <div className="centre">
          <ErrorBoundary label="Training">
            <Panel title="Training">
              <RunControls />
              <LearningCurves />
              <BoundaryPanel />
            </Panel>
          </ErrorBoundary>
        </div>
        <ErrorBoundary label="Evaluation">
          <EvaluationPanel />
        </ErrorBoundary>
        <div className="wide">
          <ErrorBoundary label="Evaluation in depth">
            <EvaluationDetails />
          </ErrorBoundary>
        </div>
        <div className="wide">
          <ErrorBoundary label="Experiments">
            <ExperimentsPanel />
          </ErrorBoundary>
        </div>
        <div className="wide">
          <ErrorBoundary label="Run history">
            <HistoryPanel />
          </ErrorBoundary>
        </div>
      </main>
    </div>
  );
}
