import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

/** The startup reference: a React page that renders one button, built the way the app is built. */
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <button type="button" data-testid="blank-ready">
      Ready
    </button>
  </StrictMode>,
);
