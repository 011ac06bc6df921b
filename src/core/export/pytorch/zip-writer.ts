import { crc32 } from '../../import/zip';

/** One file of a zip being written: its name inside the zip and its bytes. */
export interface ZipFile {
  path: string;
  bytes: Uint8Array;
}

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const EOCD_SIG = 0x06054b50;
/** DOS date 1980-01-01 00:00: a fixed stamp keeps the same export byte-for-byte the same. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const LIMIT = 0xffffffff;

/**
 * A stored (uncompressed) zip, as numpy's np.savez and Python's zipfile read it. Stored, not deflated: the
 * float weights and features barely compress, and storing keeps writing a large export one pass of copies.
 * Sizes past 4 GiB would need zip64, which a browser export never reaches (it asks first above 1 GB).
 */
export function writeZip(files: readonly ZipFile[]): Uint8Array<ArrayBuffer> {
  const entries = files.map((f) => ({ name: new TextEncoder().encode(f.path), bytes: f.bytes, crc: crc32(f.bytes), offset: 0 }));
  const total = entries.reduce((n, e) => n + 30 + e.name.length + e.bytes.length + 46 + e.name.length, 22);
  if (total > LIMIT) throw new Error(`The export would be ${Math.round(total / 2 ** 20)} MB, past the 4 GB a plain zip holds.`);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const e of entries) {
    e.offset = at;
    at = header(view, at, LOCAL_SIG, e.name, e.bytes.length, e.crc, null);
    out.set(e.name, at);
    at += e.name.length;
    out.set(e.bytes, at);
    at += e.bytes.length;
  }
  const central = at;
  for (const e of entries) {
    at = header(view, at, CENTRAL_SIG, e.name, e.bytes.length, e.crc, e.offset);
    out.set(e.name, at);
    at += e.name.length;
  }
  view.setUint32(at, EOCD_SIG, true);
  view.setUint16(at + 8, files.length, true);
  view.setUint16(at + 10, files.length, true);
  view.setUint32(at + 12, at - central, true);
  view.setUint32(at + 16, central, true);
  return out;
}

/** Writes a local (offset null) or central-directory header; returns where its file name goes. */
function header(view: DataView, at: number, sig: number, name: Uint8Array, size: number, crc: number, offset: number | null): number {
  const central = offset !== null;
  let p = at;
  view.setUint32(p, sig, true);
  p += 4;
  if (central) {
    view.setUint16(p, 20, true); // made by: version 2.0
    p += 2;
  }
  view.setUint16(p, 20, true); // version needed
  view.setUint16(p + 2, 0x0800, true); // UTF-8 names
  view.setUint16(p + 4, 0, true); // stored
  view.setUint16(p + 6, 0, true); // time
  view.setUint16(p + 8, DOS_DATE, true);
  view.setUint32(p + 10, crc, true);
  view.setUint32(p + 14, size, true);
  view.setUint32(p + 18, size, true);
  view.setUint16(p + 22, name.length, true);
  view.setUint16(p + 24, 0, true); // extra
  p += 26;
  if (central) {
    // comment length, disk, internal and external attributes (0), then the local header's offset.
    view.setUint32(p + 10, offset, true);
    p += 14;
  }
  return p;
}
