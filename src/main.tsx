// First: the Content-Security-Policy is in force before any other module runs (see csp.ts).
import './csp';
import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { isUploadDataset } from './core/preset/schema';
import { probeDevice, restoreSearch, setLiveUpdateInterval } from './store/actions';
import { startHistorySync } from './store/history';
import { useLab } from './store/lab';
import { restoreUploads } from './store/uploads';
import { startUrlSync } from './store/url-sync';
import { App } from './ui/App';
import { afterFirstPaint, whenIdle } from './ui/common/afterFirstPaint';
import { ErrorBoundary } from './ui/common/ErrorBoundary';
import './ui/app.css';

startUrlSync();
// Live curves redraw at most ~5 times a second, however fast the backend trains.
setLiveUpdateInterval(200);
// Every run that ends is kept in IndexedDB; the history panel lists them across reloads (read after the first paint).
startHistorySync(afterFirstPaint());
// The user's own datasets, kept in IndexedDB from an earlier visit: at once when the link trains on one, else
// after the first paint (reading them opens the database, and an image set is megabytes to copy in).
void (isUploadDataset(useLab.getState().settings.dataset) ? restoreUploads() : afterFirstPaint().then(restoreUploads));
// A search interrupted by a reload comes back with its trials, ready to resume.
restoreSearch();
// Which backends this device offers, asked once the page is up (it starts the training worker early, too).
setTimeout(() => void probeDevice(), 1500);
// Offline after the first visit (public/sw.js); only in a build, so the dev server never serves stale files.
// Registered once the first screen is up and the browser is idle: installing it fetches and caches every file
// of the build, and on 'load' that work ran beside the first render (ready ~90 ms later on 2 cores).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const register = () => void navigator.serviceWorker.register('./sw.js').catch(() => undefined);
  void afterFirstPaint().then(() => whenIdle(register, 5000));
}
// The first screen renders at once, inside this task: scheduled instead (root.render alone), the 'load' event and
// whatever else is queued ran first, and Train was on screen ~30 ms later on 2 cores.
const root = createRoot(document.getElementById('root')!);
flushSync(() =>
  root.render(
    <StrictMode>
      <ErrorBoundary label="Fitlab">
        <App />
      </ErrorBoundary>
    </StrictMode>,
  ),
);
