import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startUrlSync } from './store/url-sync';
import { App } from './ui/App';
import { ErrorBoundary } from './ui/common/ErrorBoundary';
import './ui/app.css';

startUrlSync();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary label="Fitlab">
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
