/** Records long tasks (window.__longTasks) and when Train is laid out (window.__trainStartAt). */
export function watchPage(): void;

declare global {
  interface Window {
    __longTasks: { start: number; duration: number }[];
    __trainStartAt?: number;
  }
}
