/*
 * Fitlab's service worker: once the app has been opened, it opens and trains offline. It keeps every
 * file of the build (listed in precache.json, written by `vite build`), the shipped datasets and the
 * WASM binaries in one cache per build; a new build gets a new cache and the old one is deleted.
 * Navigations try the network first (so a new version shows when online) and fall back to the cache;
 * everything else comes from the cache first. Matching ignores Vary: the server varies on Origin, which module
 * scripts send and the precache's own requests do not, yet the file is the same. Only the app's own GET requests are ever handled: there
 * are no others, and user data never travels in a request.
 */
const PREFIX = 'fitlab-';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const res = await fetch('./precache.json', { cache: 'no-store' });
      const { version, files } = await res.json();
      const cache = await caches.open(PREFIX + version);
      await cache.addAll(['./', ...files]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const res = await fetch('./precache.json', { cache: 'no-store' }).catch(() => null);
      const current = res && res.ok ? PREFIX + (await res.json()).version : null;
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && current && name !== current) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req).catch(async () => (await caches.match(req, { ignoreSearch: true, ignoreVary: true })) ?? (await caches.match('./', { ignoreVary: true })) ?? Response.error()),
    );
    return;
  }
  event.respondWith(
    (async () => {
      const hit = await caches.match(req, { ignoreSearch: true, ignoreVary: true });
      return hit ?? fetch(req);
    })(),
  );
});
