/** See fixture-writers.mjs. */
export interface ZipEntry {
  name: string;
  data?: Uint8Array | string;
  /** 0 stored, 8 deflated (the default). */
  method?: number;
  flags?: number;
  crc?: number;
  size?: number;
  raw?: Uint8Array;
}
export function makeZip(entries: ZipEntry[], options?: { comment?: string }): Buffer;
