/**
 * A small zip reader, enough for a folder of images zipped by an OS or a script: stored (0) and deflated (8)
 * entries, zip64 sizes, UTF-8 names. It reads the central directory (found through the End Of Central
 * Directory record at the end), checks every declared size against the limits before inflating anything,
 * and stops inflating an entry the moment it grows past its declared size (a zip bomb lies about sizes).
 * Entry names are only ever names, never paths on disk, so '../x' can do no harm.
 */
import { ImportError, clip, fmt, formatBytes } from './errors';
import { LIMITS, checkSize } from './limits';

export interface ZipEntry {
  path: string;
  bytes: Uint8Array;
}

/** A file listed in the central directory (directories and junk already left out). */
export interface ZipListing {
  path: string;
  method: number;
  compressedSize: number;
  size: number;
  encrypted: boolean;
  crc32: number;
  /** Offset of the local file header. */
  offset: number;
}

export interface ZipOptions {
  /** Which files to read; the others are neither inflated nor counted against the size limits. */
  accept?: (path: string) => boolean;
  /** Names the zip in messages. */
  fileName?: string;
  /** Overrides of LIMITS.zipEntryBytes / zipTotalBytes / zipEntries (tests use small ones). */
  limits?: Partial<{ entryBytes: number; totalBytes: number; entries: number }>;
}

const EOCD_SIG = 0x06054b50;
const EOCD64_SIG = 0x06064b50;
const EOCD64_LOCATOR_SIG = 0x07064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const U32 = 0xffffffff;
const U16 = 0xffff;

const METHOD_NAMES: Record<number, string> = {
  1: 'shrink',
  6: 'implode',
  9: 'deflate64',
  12: 'bzip2',
  14: 'LZMA',
  93: 'Zstandard',
  95: 'XZ',
  98: 'PPMd',
};

/**
 * Skipped without a word: folders, macOS resource forks (__MACOSX/) and dot-files (.DS_Store, ._x.png,
 * .git/…): they are never the user's data.
 */
export function isJunkPath(path: string): boolean {
  if (path.endsWith('/')) return true;
  return path.split('/').some((seg) => seg === '__MACOSX' || seg.startsWith('.'));
}

/** Lists the files of a zip without inflating anything. */
export function listZip(bytes: Uint8Array, fileName?: string): ZipListing[] {
  checkSize('zip', bytes.length, fileName);
  const label = fileName ? `'${clip(fileName)}'` : 'The file';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const truncated = (what: string): ImportError =>
    new ImportError(
      'truncated',
      `${label} is a damaged or incomplete zip: ${what}.`,
      'Download or copy it again, or zip the folder again.',
    );

  if (bytes.length === 0) throw new ImportError('empty', `${label} is empty.`, 'Choose a .zip file with one folder of images per class.');
  if (bytes.length < 22) throw notZip(label, bytes);
  const eocd = findEocd(bytes, view);
  if (eocd < 0) {
    // A local header at the start but no directory at the end: the file was cut off.
    if (view.getUint32(0, true) === LOCAL_SIG) throw truncated('its end (the central directory) is missing');
    throw notZip(label, bytes);
  }
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0) {
    throw new ImportError(
      'multi-part',
      `${label} is one part of a multi-part (split) zip.`,
      'Join the parts into a single zip file first (or zip the folder again as one file).',
    );
  }
  let entries = view.getUint16(eocd + 10, true);
  let dirSize = view.getUint32(eocd + 12, true);
  let dirOffset = view.getUint32(eocd + 16, true);
  if (entries === U16 || dirSize === U32 || dirOffset === U32) {
    // zip64: the real values sit in the zip64 end record, found through the locator just before.
    const loc = eocd - 20;
    if (loc < 0 || view.getUint32(loc, true) !== EOCD64_LOCATOR_SIG) throw truncated('its zip64 end record is missing');
    const rec = safeU64(view, loc + 8, label);
    if (rec + 56 > bytes.length || view.getUint32(rec, true) !== EOCD64_SIG) throw truncated('its zip64 end record is missing');
    entries = safeU64(view, rec + 32, label, 'a file count');
    dirSize = safeU64(view, rec + 40, label);
    dirOffset = safeU64(view, rec + 48, label);
  }
  const maxEntries = LIMITS.zipEntries;
  if (entries > maxEntries) {
    throw new ImportError(
      'too-many-files',
      `${label} holds ${fmt(entries)} files; at most ${fmt(maxEntries)} are supported.`,
      `Zip at most ${fmt(LIMITS.images)} images.`,
    );
  }
  if (dirOffset + dirSize > bytes.length) throw truncated('its central directory lies past the end of the file');

  const out: ZipListing[] = [];
  let p = dirOffset;
  for (let k = 0; k < entries; k++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL_SIG)
      throw truncated(`entry ${k + 1} of its central directory is unreadable`);
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc32 = view.getUint32(p + 16, true);
    let compressedSize = view.getUint32(p + 20, true);
    let size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    let offset = view.getUint32(p + 42, true);
    const end = p + 46 + nameLen + extraLen + commentLen;
    if (end > bytes.length) throw truncated(`entry ${k + 1} of its central directory is cut off`);
    const path = decodeName(bytes.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0).replace(/\\/g, '/');
    // zip64 extra field (id 1): 64-bit values for exactly those fields that read 0xFFFFFFFF, in this order.
    if (size === U32 || compressedSize === U32 || offset === U32) {
      let e = p + 46 + nameLen;
      const extraEnd = e + extraLen;
      let found = false;
      while (e + 4 <= extraEnd) {
        const id = view.getUint16(e, true);
        const len = view.getUint16(e + 2, true);
        if (id === 1) {
          let f = e + 4;
          if (size === U32 && f + 8 <= e + 4 + len) [size, f] = [safeU64(view, f, label), f + 8];
          if (compressedSize === U32 && f + 8 <= e + 4 + len) [compressedSize, f] = [safeU64(view, f, label), f + 8];
          if (offset === U32 && f + 8 <= e + 4 + len) offset = safeU64(view, f, label);
          found = true;
          break;
        }
        e += 4 + len;
      }
      if (!found) throw truncated(`'${clip(path)}' has zip64 sizes but no zip64 field`);
    }
    p = end;
    if (isJunkPath(path)) continue;
    // Bit 0: encrypted (traditional PKWARE); method 99: AES (WinZip) encryption.
    out.push({ path, method, compressedSize, size, encrypted: (flags & 1) !== 0 || method === 99, crc32, offset });
  }
  return out;
}

/**
 * Reads the accepted files of a zip. Fails (ImportError) on anything that is not a readable zip: not a zip,
 * truncated, encrypted or unsupported entries, sizes over the limits, damaged data.
 */
export async function readZip(bytes: Uint8Array, options: ZipOptions = {}): Promise<ZipEntry[]> {
  // `label` starts a sentence, `where` ends one.
  const label = options.fileName ? `'${clip(options.fileName)}'` : 'The zip';
  const where = options.fileName ? label : 'the zip';
  const entryLimit = options.limits?.entryBytes ?? LIMITS.zipEntryBytes;
  const totalLimit = options.limits?.totalBytes ?? LIMITS.zipTotalBytes;
  const countLimit = options.limits?.entries ?? LIMITS.zipEntries;
  const listing = listZip(bytes, options.fileName).filter((e) => !options.accept || options.accept(e.path));
  if (listing.length > countLimit) {
    throw new ImportError(
      'too-many-files',
      `${label} holds ${fmt(listing.length)} files to read; at most ${fmt(countLimit)} are supported.`,
      `Zip at most ${fmt(LIMITS.images)} images.`,
    );
  }

  // Every declared size is checked before the first byte is inflated.
  let total = 0;
  for (const e of listing) {
    if (e.encrypted) {
      throw new ImportError(
        'encrypted',
        `'${clip(e.path)}' in ${where} is encrypted (password-protected).`,
        'Extract the zip with its password, then zip the folder again without one.',
      );
    }
    if (e.method !== 0 && e.method !== 8) {
      const name = METHOD_NAMES[e.method] ? `${METHOD_NAMES[e.method]} (method ${e.method})` : `method ${e.method}`;
      throw new ImportError(
        'unsupported-method',
        `'${clip(e.path)}' is compressed with ${name}, which this importer cannot read (only stored and deflate).`,
        'Zip the folder again with standard "deflate" compression (the default of most zip tools; in 7-Zip choose ZIP format, Deflate).',
      );
    }
    if (e.size > entryLimit) {
      throw new ImportError(
        'too-large',
        `'${clip(e.path)}' would unpack to ${formatBytes(e.size)}; one file in a zip may be at most ${formatBytes(entryLimit)}.`,
        'Leave that file out of the zip, or shrink it.',
      );
    }
    if (e.method === 0 && e.compressedSize !== e.size) throw damaged(e.path, where, 'its stored size does not match its size');
    total += e.size;
  }
  if (total > totalLimit) {
    throw new ImportError(
      'too-large',
      `${label} would unpack to ${formatBytes(total)}; at most ${formatBytes(totalLimit)} are supported.`,
      'Zip fewer or smaller files.',
    );
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ZipEntry[] = [];
  for (const e of listing) {
    const h = e.offset;
    if (h + 30 > bytes.length || view.getUint32(h, true) !== LOCAL_SIG) throw damaged(e.path, where, 'its local header is missing');
    const start = h + 30 + view.getUint16(h + 26, true) + view.getUint16(h + 28, true);
    if (start + e.compressedSize > bytes.length) throw damaged(e.path, where, 'its data runs past the end of the file');
    const raw = bytes.subarray(start, start + e.compressedSize);
    const data = e.method === 0 ? raw.slice() : await inflateRaw(raw, e.size, e.path, where);
    if (data.length !== e.size)
      throw damaged(e.path, where, `it unpacks to ${fmt(data.length)} bytes instead of the declared ${fmt(e.size)}`);
    if (crc32(data) !== e.crc32) throw damaged(e.path, where, 'its checksum does not match');
    out.push({ path: e.path, bytes: data });
  }
  return out;
}

function notZip(label: string, bytes: Uint8Array): ImportError {
  const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const rar = bytes[0] === 0x52 && bytes[1] === 0x61 && bytes[2] === 0x72 && bytes[3] === 0x21;
  const sz = bytes[0] === 0x37 && bytes[1] === 0x7a && bytes[2] === 0xbc && bytes[3] === 0xaf;
  const kind = gz ? ' (it is gzip data, e.g. a .tar.gz)' : rar ? ' (it is a RAR archive)' : sz ? ' (it is a 7z archive)' : '';
  return new ImportError(
    'not-zip',
    `${label} is not a zip file${kind}.`,
    'Choose a .zip file (e.g. right-click the folder › Compress / Send to › Compressed folder).',
  );
}

function damaged(path: string, where: string, why: string): ImportError {
  return new ImportError(
    'damaged',
    `'${clip(path)}' in ${where} is damaged: ${why}.`,
    'Download or copy the zip again, or zip the folder again.',
  );
}

/** Searches backwards for the End Of Central Directory record; a zip comment (≤ 65,535 bytes) may follow it. */
function findEocd(bytes: Uint8Array, view: DataView): number {
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (bytes[i] !== 0x50 || view.getUint32(i, true) !== EOCD_SIG) continue;
    // The comment length must reach the end of the file, or this is a chance match inside the comment.
    if (i + 22 + view.getUint16(i + 20, true) <= bytes.length) return i;
  }
  return -1;
}

/** A 64-bit field that must fit in a JS number and in memory: anything larger is refused. */
function safeU64(view: DataView, at: number, label: string, what = 'a size or offset'): number {
  if (at + 8 > view.byteLength)
    throw new ImportError('truncated', `${label} is a damaged or incomplete zip: a zip64 field is cut off.`, 'Download or copy it again.');
  const v = view.getBigUint64(at, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ImportError('too-large', `${label} declares ${what} of ${v}, far beyond what can be read.`, 'Zip fewer or smaller files.');
  }
  return Number(v);
}

/**
 * Names are UTF-8 when flag bit 11 says so, and in practice also when it does not (macOS and most tools
 * write UTF-8 without the flag). Names that are not UTF-8 are read as Windows-1252 rather than refused.
 */
function decodeName(raw: Uint8Array, utf8: boolean): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return new TextDecoder(utf8 ? 'utf-8' : 'windows-1252').decode(raw);
  }
}

/** Inflates raw deflate data, stopping as soon as the output exceeds `expected` bytes. */
async function inflateRaw(raw: Uint8Array, expected: number, path: string, where: string): Promise<Uint8Array> {
  const ds = new DecompressionStream('deflate-raw');
  const writer = ds.writable.getWriter();
  // Not awaited: the reader below drives the stream; failures surface there (and are swallowed here to
  // avoid unhandled rejections). The copy gives the stream a plain ArrayBuffer-backed chunk.
  writer.write(new Uint8Array(raw)).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  const out = new Uint8Array(expected);
  let n = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (n + value.length > expected) {
        reader.cancel().catch(() => {});
        throw damaged(path, where, `it unpacks to more than its declared ${fmt(expected)} bytes`);
      }
      out.set(value, n);
      n += value.length;
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw damaged(path, where, 'its compressed data is corrupt');
  }
  return n === expected ? out : out.subarray(0, n);
}

let CRC_TABLE: Uint32Array | null = null;

export function crc32(data: Uint8Array): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[i] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  // Hot loop over every byte: indexed, with `!` as i < data.length and the table index is masked to 0..255.
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
