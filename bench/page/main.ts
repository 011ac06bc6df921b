import { convnetjsRun } from './convnet';
import { fitlabRun } from './fitlab';
import { gapProfile } from './gap-page';
import { kernelProfile } from './kernels';
import { modelFlops, peakGflops } from './flops';
import { snapshotCost } from './network';
import { LOOP_VARIANTS, profileLoop, profileSteps } from './profile';
import { referenceFit } from './reference';

/**
 * The bench page: bench/run.mjs opens it in headless chromium and calls these one at a time, so the
 * runs never overlap. Everything it measures runs in this page (and the app's worker it starts).
 */
const bench = {
  fitlabRun,
  snapshotCost,
  referenceFit,
  convnetjsRun,
  modelFlops,
  peakGflops,
  profileSteps,
  profileLoop,
  kernelProfile,
  gapProfile,
  loopVariants: () => LOOP_VARIANTS,
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}

window.bench = bench;
document.getElementById('status')!.dataset.ready = 'true';
