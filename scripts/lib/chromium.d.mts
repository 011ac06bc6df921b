/** See chromium.mjs. */
export const CHROMIUM: string;
export const CHROMIUM_ARGS: readonly string[];
export const WEBGPU_ARGS: readonly string[];
