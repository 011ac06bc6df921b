/**
 * Library failures → Fitlab's own words. TF.js, the browser's WebGL, IndexedDB, localStorage and Web Workers
 * fail with messages written for their developers ("Pass at least one tensor to concat", "QuotaExceededError",
 * "CONTEXT_LOST_WEBGL"); a user should read what happened, to what, and what to do. Each boundary where such a
 * failure can surface (the trainer's runner, the store's analyses, the history store) maps it here. Messages
 * Fitlab wrote itself pass through unchanged.
 */

/** Where the failure surfaced: it decides what "what to do" means. */
export type FailureSite = 'training' | 'analysis' | 'history' | 'search' | 'settings-storage' | 'worker';

/**
 * Text that marks a raw library message. A message shown to a user must match none of these; the unit test
 * (test/unit/user-message.test.ts) checks every failure path against this list.
 */
export const RAW_LIBRARY_PATTERNS: readonly RegExp[] = [
  /at least one tensor/i,
  /tf\.\w+\(\)/,
  /Error when checking/i,
  /to have shape/i,
  /Incompatible shapes?/i,
  /could not be broadcast/i,
  /must match the product of shape/i,
  /Based on the provided shape/i,
  /CONTEXT_LOST/,
  /WebGL(Rendering)?Context|webglcontextlost/i,
  /Failed to compile (fragment|vertex) shader/i,
  /Unable to create WebGLTexture/i,
  /Array buffer allocation failed/i,
  /Requested texture size/i,
  /\b(QuotaExceeded|InvalidState|Unknown|Version|Abort|DataClone|TransactionInactive|NotFound|Security|Constraint)Error\b/,
  /\bIDB(Database|Factory|ObjectStore|Transaction|Request)\b/,
  /database connection is closing/i,
  /Failed to (read|execute) .* on '(Window|Storage|IDB\w+)'/i,
  /The operation is insecure/i,
  /Uncaught|Script error|ErrorEvent/,
  /\[object \w+\]/,
];

/** A lost WebGL context: the run was cut short from outside, so it is kept as interrupted rather than failed. */
export function isContextLoss(err: unknown): boolean {
  return /CONTEXT_LOST|context (was )?lost|webglcontextlost/i.test(textOf(err));
}

/** True when a message reads as a library's, not Fitlab's. */
export function isRawLibraryMessage(text: string): boolean {
  return RAW_LIBRARY_PATTERNS.some((p) => p.test(text));
}

function textOf(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  if (typeof err === 'object' && err !== null && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

const AGAIN: Record<FailureSite, string> = {
  training: 'Press Train to try again.',
  analysis: 'Train again, then run the analysis.',
  history: 'Your runs in this page are still listed.',
  search: 'Resume the search to go on from the last finished trial.',
  'settings-storage': 'The lab works as before.',
  worker: 'The curves so far are kept in the history; press Train to start a fresh worker.',
};

/** For storage failures: what goes on working, and what will not survive a reload. */
const KEPT: Partial<Record<FailureSite, string>> = {
  history: 'Training goes on, but runs will not be kept after a reload.',
  search: 'The search goes on, but it cannot be resumed after a reload.',
  'settings-storage': 'The lab works as before, but it will not remember this after a reload.',
};

/** Fitlab's message for a failure at `site`: what happened, and what to do. */
export function userMessage(err: unknown, site: FailureSite): string {
  const text = textOf(err);
  const kept = KEPT[site] ?? AGAIN[site];
  if (/at least one tensor to concat|tensor list is empty/i.test(text)) {
    return `There was no data to work on: a split or batch came out empty. Check that the data has enough rows for the Validation and Test fractions. ${AGAIN[site]}`;
  }
  const shapes = /expected (\S+) to have shape (\[[^\]]*\]) but got array with shape (\[[^\]]*\])/i.exec(text);
  if (shapes) {
    const layer = shapes[1].replace(/_input$/, '');
    return `The model and the data do not fit together: layer '${layer}' takes inputs of shape ${shapes[2]}, but the data has shape ${shapes[3]}. A saved model must come from a run on the same dataset; otherwise reset the model settings. ${AGAIN[site]}`;
  }
  if (
    /Error when checking|Incompatible shapes?|could not be broadcast|must match the product of shape|Based on the provided shape|shapes? .*(must|do not|does not) match/i.test(
      text,
    )
  ) {
    return `The model and the data do not fit together (their shapes differ). A saved model must come from a run on the same dataset; otherwise reset the model settings. ${AGAIN[site]}`;
  }
  if (/CONTEXT_LOST|context (was )?lost|webglcontextlost/i.test(text)) {
    return `The browser took the graphics card away from this page (its WebGL context was lost), so the work stopped. ${AGAIN[site]} If it happens again, choose WASM under Backend.`;
  }
  if (
    /out of memory|\bOOM\b|allocation failed|Failed to allocate|Requested texture size|texture size|Failed to compile (fragment|vertex) shader|Unable to create WebGLTexture/i.test(
      text,
    )
  ) {
    return `This device ran out of memory for this model and data. Try a smaller model, batch size or train size, or close other tabs. ${AGAIN[site]}`;
  }
  if (/QuotaExceeded|quota|disk is full|storage is full/i.test(text)) {
    return `This browser's storage is full, so it refused to save. ${kept} Delete old runs or free disk space to keep them.`;
  }
  if (
    /IndexedDB|\bIDB\w*|InvalidStateError|UnknownError|VersionError|AbortError|DataCloneError|TransactionInactiveError|database connection|blocked by another tab/i.test(
      text,
    )
  ) {
    return `This browser's database (IndexedDB) is unavailable here (private windows and some settings block it). ${kept}`;
  }
  if (/SecurityError|operation is insecure|localStorage|access is denied/i.test(text)) {
    return `This browser refuses to let the page store anything (private windows and some settings do). ${kept}`;
  }
  if (site === 'worker') return `The training worker stopped unexpectedly. ${AGAIN.worker}`;
  // A message Fitlab wrote (thrown by its own checks) says what to do already; anything else unknown is named as such.
  const own = err instanceof Error ? err.message : text;
  if (!isRawLibraryMessage(own) && own.trim()) return own;
  return `Something failed that Fitlab did not expect. ${AGAIN[site]}`;
}
