import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isUploadDataset } from './core/preset/schema';
import { probeDevice, restoreSearch, setLiveUpdateInterval } from './store/actions';
import { startHistorySync } from './store/history';
import { useLab } from './store/lab';
import { restoreUploads } from './store/uploads';
import { startUrlSync } from './store/url-sync';
import { App } from './ui/App';
import { afterFirstPaint } from './ui/common/afterFirstPaint';
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
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('./sw.js').catch(() => undefined));
}
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary label="Fitlab">
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
