/**
 * The page's Content-Security-Policy: only the app's own origin, plus `blob:` workers and 'wasm-unsafe-eval'
 * for the WASM backend, so no request can take user data elsewhere.
 *
 * The first module the page runs adds it (main.tsx imports this first), rather than index.html: a policy
 * `<meta>` in the HTML keeps Chromium's preload scanner from fetching the entry script while the document is
 * parsed, and the request started 30–40 ms later (bench/README, "startup"). Nothing can fetch before this
 * runs: module scripts run once the document is parsed, and this module runs before any other.
 */
const DIRECTIVES = [
  "default-src 'self'",
  // The dev server alone needs two exceptions: React's fast-refresh preamble is an inline script, and hot
  // reload talks over a WebSocket.
  `script-src 'self' 'wasm-unsafe-eval' blob:${import.meta.env.DEV ? " 'unsafe-inline'" : ''}`,
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  `connect-src 'self' data: blob:${import.meta.env.DEV ? ' ws: wss:' : ''}`,
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
];

const CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');

const meta = document.createElement('meta');
meta.httpEquiv = 'Content-Security-Policy';
meta.content = CONTENT_SECURITY_POLICY;
document.head.append(meta);
