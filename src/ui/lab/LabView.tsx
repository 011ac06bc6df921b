import { useLab } from '../../store/lab';
import { isPresent, useTeach } from '../../store/teach';
import { useSecondPass } from '../common/afterFirstPaint';
import { ErrorBoundary } from '../common/ErrorBoundary';
import { lazy, Suspense } from 'react';
import { OverfitBanner } from '../teach/OverfitBanner';
import { useShowsBoundary } from '../training/useShowsBoundary';
import { LearningCurves } from '../training/LearningCurves';
import './lab.css';

// The second pass's panels load with it, in their own chunks: the first screen's script carries none of them.
const LabSide = lazy(() => import('./LabSide').then((m) => ({ default: m.LabSide })));
const TrainBoth = lazy(() => import('../teach/TrainBoth').then((m) => ({ default: m.TrainBoth })));

/**
 * The story on one screen: the live curves, large, beside the held-out result, the 2-D decision boundary
 * and a compact picture of the data and the model. Everything here moves together while a run trains.
 */
export function LabView() {
  const present = useTeach((t) => isPresent(t.query));
  const hasResult = useLab((s) => s.run.test !== null);
  const boundary = useShowsBoundary();
  // The side column (held-out result, boundary, data and model, network) and the cure comparison render in
  // the page's second pass: the first frame shows Train and the curves' boxes (useSecondPass).
  const full = useSecondPass();
  // Presenting, the curves have the whole width until the held-out result (or a 2-D boundary) has something to show.
  const sideHidden = present && !hasResult && !boundary;
  return (
    <div className="lab-view" data-testid="view-lab-panel">
      <div className={sideHidden ? 'lab-grid side-hidden' : 'lab-grid'}>
        {/* The verdict and the cure comparison sit with the curves they are about, so the held-out matrix
            keeps the full height beside them. */}
        <section className="card curves-card" aria-label="Learning curves">
          <OverfitBanner />
          <ErrorBoundary label="Learning curves">
            <LearningCurves />
          </ErrorBoundary>
          {full && (
            <ErrorBoundary label="Train both">
              <Suspense fallback={null}>
                <TrainBoth />
              </Suspense>
            </ErrorBoundary>
          )}
        </section>
        <div className="lab-side">
          {full && (
            <Suspense fallback={null}>
              <LabSide />
            </Suspense>
          )}
        </div>
      </div>
    </div>
  );
}
