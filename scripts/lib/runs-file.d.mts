/** See runs-file.mjs. */
export function manyRunsFile(count: number, patch?: (run: Record<string, unknown>, i: number) => void): string;
