/**
 * Decoder for the packed image datasets in public/data/*.flds.gz (written by scripts/build_datasets.py;
 * format documented in public/data/README.md). Pure TypeScript so it runs the same in node tests,
 * the main thread and the training worker.
 */
import { featureSize, type Dataset } from '../types';

const MAGIC = 'FLDS';
const PREAMBLE = 8; // 4 bytes magic + uint32 header length
const SUPPORTED_FORMAT = 1;

const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * Decompresses gzip data, or returns the bytes untouched when they are not gzip: a static host that serves
 * the .gz file with `Content-Encoding: gzip` hands fetch() the already-inflated bytes.
 */
export async function gunzipIfNeeded(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;

  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  // Copy so the chunk is backed by a plain ArrayBuffer (the stream rejects SharedArrayBuffer views).
  // The write/close promises reject on corrupt input too; the reader below reports that error, so
  // swallow these to avoid unhandled rejections.
  writer.write(new Uint8Array(bytes)).catch(() => {});
  writer.close().catch(() => {});

  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = ds.readable.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
    }
  } catch (err) {
    throw new Error(`Dataset file is not valid gzip data (${err instanceof Error ? err.message : String(err)}).`, { cause: err });
  }

  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

interface PackedHeader {
  id: string;
  count: number;
  shape: number[];
  classNames: string[];
  maxValue: number;
}

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** Checks the parsed JSON field by field, since the file comes from the network and may be anything. */
function parseHeader(raw: unknown): PackedHeader {
  const bad = (what: string): never => {
    throw new Error(`Dataset header is invalid: ${what}.`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('expected a JSON object');
  const h = raw as Record<string, unknown>;

  if (h.format !== SUPPORTED_FORMAT) {
    return bad(`unsupported format ${JSON.stringify(h.format)} (this app reads format ${SUPPORTED_FORMAT})`);
  }
  if (typeof h.id !== 'string' || h.id.length === 0) return bad('"id" must be a non-empty string');
  for (const key of ['name', 'source', 'license'] as const) {
    if (h[key] !== undefined && typeof h[key] !== 'string') bad(`"${key}" must be a string`);
  }
  if (!isPositiveInt(h.count)) return bad('"count" must be a positive integer');

  const shape = h.shape;
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every(isPositiveInt)) {
    return bad('"shape" must be [height, width, channels] of positive integers');
  }

  const classNames = h.classNames;
  if (!Array.isArray(classNames) || classNames.length === 0 || !classNames.every((c) => typeof c === 'string')) {
    return bad('"classNames" must be a non-empty array of strings');
  }
  // Labels are stored as uint8, so more than 256 classes cannot be addressed.
  if (classNames.length > 256) return bad(`"classNames" has ${classNames.length} entries, at most 256 allowed`);

  const maxValue = h.maxValue;
  if (typeof maxValue !== 'number' || !Number.isInteger(maxValue) || maxValue < 1 || maxValue > 255) {
    return bad('"maxValue" must be an integer from 1 to 255');
  }

  return { id: h.id, count: h.count, shape: [...shape], classNames: [...classNames], maxValue };
}

/** A checked FLDS buffer: its header, pixel bytes and labels (already range-checked). */
interface PackedBody {
  header: PackedHeader;
  pixels: Uint8Array;
  y: Int32Array;
}

/** Decodes an uncompressed FLDS buffer into an image Dataset with pixels scaled to [0, 1]. */
export function decodePackedDataset(bytes: Uint8Array): Dataset {
  const body = readPackedBody(bytes);
  const x = new Float32Array(body.pixels.length);
  return datasetOf(body, x, scaleInto(body, x, 0, x.length));
}

/**
 * Pixels scaled per slice in loadPackedDataset, a few milliseconds each on 2 cores: Fashion-MNIST's 9.4 M
 * pixels in one go were a 40–60 ms task on the page (the data preview), and the page must not stutter.
 */
const PIXELS_PER_SLICE = 1 << 20;

/** Decompresses (if needed) and decodes a fetched or read .flds/.flds.gz file, yielding between slices. */
export async function loadPackedDataset(bytes: Uint8Array): Promise<Dataset> {
  const body = readPackedBody(await gunzipIfNeeded(bytes));
  const x = new Float32Array(body.pixels.length);
  let maxSeen = 0;
  for (let from = 0; from < x.length; from += PIXELS_PER_SLICE) {
    if (from > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    maxSeen = Math.max(maxSeen, scaleInto(body, x, from, Math.min(x.length, from + PIXELS_PER_SLICE)));
  }
  return datasetOf(body, x, maxSeen);
}

/** Checks the preamble, header, sizes and labels; every refusal names what is wrong with the file. */
function readPackedBody(bytes: Uint8Array): PackedBody {
  if (bytes.length < PREAMBLE) {
    throw new Error(`Dataset file is too short (${fmt(bytes.length)} bytes) to be an FLDS dataset.`);
  }
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MAGIC) {
    throw new Error(`Dataset file has the wrong format: expected it to start with "${MAGIC}", found ${JSON.stringify(magic)}.`);
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (headerLength > bytes.length - PREAMBLE) {
    throw new Error(
      `Dataset header length ${fmt(headerLength)} is past the end of the file ` +
        `(only ${fmt(bytes.length - PREAMBLE)} bytes follow the preamble).`,
    );
  }

  let raw: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREAMBLE, PREAMBLE + headerLength));
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`Dataset header is not valid JSON (${err instanceof Error ? err.message : String(err)}).`, { cause: err });
  }
  const header = parseHeader(raw);

  const { count, shape, classNames } = header;
  const size = featureSize(shape);
  const pixelCount = count * size;
  const bodyStart = PREAMBLE + headerLength;
  const expectedBody = pixelCount + count;
  const actualBody = bytes.length - bodyStart;
  if (!Number.isSafeInteger(expectedBody) || actualBody < expectedBody) {
    throw new Error(`Dataset file is truncated: expected ${fmt(expectedBody)} bytes of pixels and labels, found ${fmt(actualBody)}.`);
  }
  if (actualBody > expectedBody) {
    // Extra bytes usually mean the header's count or shape disagrees with the data; refuse rather than guess.
    throw new Error(
      `Dataset file has ${fmt(actualBody - expectedBody)} unexpected trailing bytes: expected ` +
        `${fmt(expectedBody)} bytes of pixels and labels, found ${fmt(actualBody)}.`,
    );
  }

  const pixels = bytes.subarray(bodyStart, bodyStart + pixelCount);
  const labels = bytes.subarray(bodyStart + pixelCount, bodyStart + expectedBody);

  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = labels[i];
    if (label >= classNames.length) {
      throw new Error(
        `Dataset label out of range: sample ${fmt(i)} has label ${label}, but there are only ` + `${classNames.length} classes.`,
      );
    }
    y[i] = label;
  }
  return { header, pixels, y };
}

/** Scales pixels [from, to) into `x` (a 256-entry table: faster than dividing ~9.4 M times); their largest byte. */
function scaleInto({ header, pixels }: PackedBody, x: Float32Array, from: number, to: number): number {
  const scale = new Float32Array(256);
  for (let v = 0; v < 256; v++) scale[v] = v / header.maxValue;
  let maxSeen = 0;
  for (let i = from; i < to; i++) {
    const v = pixels[i];
    if (v > maxSeen) maxSeen = v;
    x[i] = scale[v];
  }
  return maxSeen;
}

function datasetOf({ header, y }: PackedBody, x: Float32Array, maxSeen: number): Dataset {
  // Values above maxValue would land outside [0, 1], which the rest of the app assumes for images.
  if (maxSeen > header.maxValue) {
    throw new Error(`Dataset pixel value ${maxSeen} exceeds the header's maxValue ${header.maxValue}.`);
  }
  return { id: header.id, kind: 'image', shape: header.shape, count: header.count, x, y, classNames: header.classNames };
}
