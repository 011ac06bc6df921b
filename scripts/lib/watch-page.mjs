/**
 * An init script (page.addInitScript(watchPage)) shared by the history bench and the volume test: it records
 * every main-thread long task in window.__longTasks and the moment Train is first laid out (visible, with a
 * size) in window.__trainStartAt, both in the page's own clock (0 = navigation start). It runs in the page,
 * so it must stay self-contained.
 */
export function watchPage() {
  const w = window;
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const ready = () => {
    const box = document.querySelector('[data-testid="train-start"]')?.getBoundingClientRect();
    if (box && box.width > 0 && box.height > 0) w.__trainStartAt = performance.now();
    return !!box?.width;
  };
  new MutationObserver((_, obs) => ready() && obs.disconnect()).observe(document, { childList: true, subtree: true });
}
