import { ErrorBoundary } from '../common/ErrorBoundary';
import { EvaluationPanel } from '../evaluation/EvaluationPanel';
import { NetworkCard } from '../network/NetworkCard';
import { BoundaryPanel } from '../training/BoundaryPanel';
import { DataModelCard } from './DataModelCard';

/** The lab's side column: the held-out result, the 2-D decision boundary, the data and model, the network. */
export function LabSide() {
  return (
    <>
      <ErrorBoundary label="Held-out test">
        <EvaluationPanel />
      </ErrorBoundary>
      <ErrorBoundary label="Decision boundary">
        <BoundaryPanel />
      </ErrorBoundary>
      <ErrorBoundary label="Data and model">
        <DataModelCard />
      </ErrorBoundary>
      {/* Last, so the one-screen story above keeps its place; opening it scrolls the column to it. */}
      <ErrorBoundary label="Network">
        <NetworkCard />
      </ErrorBoundary>
    </>
  );
}
