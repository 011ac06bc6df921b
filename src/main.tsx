import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { restoreSearch } from './store/actions';
import { startHistorySync } from './store/history';
import { startUrlSync } from './store/url-sync';
import { App } from './ui/App';
import { ErrorBoundary } from './ui/common/ErrorBoundary';
import './ui/app.css';

startUrlSync();
// Every run that ends is kept in IndexedDB; the history panel lists them across reloads.
startHistorySync();
// A search interrupted by a reload comes back with its trials, ready to resume.
restoreSearch();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary label="Fitlab">
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
