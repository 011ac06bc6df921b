/**
 * CSV / TSV text → header and rows of strings. Follows RFC 4180 (quoted fields may hold the delimiter,
 * doubled quotes and line breaks; CRLF or LF line ends) and guesses what spreadsheets leave implicit: the
 * delimiter and whether the first row is a header. Cells stay text here; src/core/import/tabular.ts
 * decides what they mean.
 */
import { ImportError, clip, fmt } from './errors';
import { LIMITS } from './limits';
import { isMissing, parseNumber } from './values';
import { binaryError, decodeCsvBytes, emptyError, fileLabel } from './csv-bytes';

export { decodeCsvBytes };

export type Delimiter = ',' | ';' | '\t' | '|';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];
const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

export interface ParsedCsv {
  /** Column names: the header row (trimmed; empty or repeated names made unique), else 'column 1', … */
  header: string[];
  /** Data rows, each exactly header.length cells, untrimmed. */
  rows: string[][];
  delimiter: Delimiter;
  hasHeader: boolean;
  /** 1-based line in the file where each data row starts, so messages can point at it. */
  lines: number[];
}

export interface CsvOptions {
  /** Skips delimiter detection. */
  delimiter?: Delimiter;
  /** Skips header detection. */
  hasHeader?: boolean;
  /** Names the file in messages. */
  fileName?: string;
}

/** Name of the file for messages: 'iris.csv' or "The file". */

interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/**
 * Reads RFC 4180 records one at a time. Lenient where it is harmless (a quote inside an unquoted field is a
 * literal character, as in 5'10"; spaces around a quoted field are dropped), strict where the data could be
 * misread (text after a closing quote, a quote that never closes).
 */
function recordReader(text: string, delimiter: Delimiter, fileName?: string): () => CsvRecord | null {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let pos = 0;
  let line = 1;
  const isBlank = (c: number): boolean => c === SPACE || (c === TAB && d !== TAB);

  return () => {
    if (pos >= n) return null;
    const start = line;
    const fields: string[] = [];
    for (;;) {
      // A field: quoted (possibly after spaces) or plain.
      let p = pos;
      while (p < n && isBlank(text.charCodeAt(p))) p++;
      if (p < n && text.charCodeAt(p) === QUOTE) {
        const quoteLine = line;
        pos = p + 1;
        let value = '';
        let from = pos;
        for (;;) {
          const q = text.indexOf('"', pos);
          if (q < 0) {
            throw new ImportError(
              'unterminated-quote',
              `${fileLabel(fileName)}, line ${fmt(quoteLine)}: a quoted value starts there but its closing quote is missing.`,
              'Check that line for a stray " character: a quote inside a quoted value must be doubled ("").',
            );
          }
          line += countLineBreaks(text, pos, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(from, q + 1);
            pos = q + 2;
            from = pos;
            continue;
          }
          value += text.slice(from, q);
          pos = q + 1;
          break;
        }
        while (pos < n && isBlank(text.charCodeAt(pos))) pos++;
        const c = pos < n ? text.charCodeAt(pos) : -1;
        if (c !== -1 && c !== d && c !== LF && c !== CR) {
          // The rest of that field: up to the line's end and the next delimiter (split gives at least one part).
          const [restOfLine = ''] = text.slice(pos, pos + 40).split(/[\r\n]/);
          const [restOfField = ''] = restOfLine.split(delimiter);
          throw new ImportError(
            'bad-quote',
            `${fileLabel(fileName)}, line ${fmt(line)}: unexpected text '${clip(restOfField, 20)}' right after a closing quote.`,
            'A value that contains quotes must be entirely in quotes, with each inner quote doubled ("").',
          );
        }
        fields.push(value);
      } else {
        let end = pos;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === d || c === LF || c === CR) break;
          end++;
        }
        fields.push(text.slice(pos, end));
        pos = end;
      }
      // What ends the field: a delimiter (another field follows), a line break or the end of the text.
      if (pos >= n) return { fields, line: start };
      const c = text.charCodeAt(pos);
      if (c === d) {
        pos++;
        if (pos >= n) {
          fields.push('');
          return { fields, line: start };
        }
        continue;
      }
      pos++;
      if (c === CR && text.charCodeAt(pos) === LF) pos++;
      line++;
      return { fields, line: start };
    }
  };
}

function countLineBreaks(text: string, from: number, to: number): number {
  let k = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) k++;
  }
  return k;
}

/** A line with nothing (or only spaces) on it: skipped anywhere, as spreadsheets and pandas do. */
const isBlankRecord = ({ fields }: CsvRecord): boolean => fields.length === 1 && fields.every((f) => f.trim() === '');

// ------------------------------------------------------------------------------------------ guessing

const SAMPLE_RECORDS = 50;

/**
 * The delimiter that splits the first lines most consistently into more than one field. When several split
 * every sampled line alike, tab, semicolon and pipe win over comma: they rarely occur in values, while
 * commas do (decimal commas in semicolon files, '1,000' in TSV).
 */
export function detectDelimiter(text: string): Delimiter {
  const order: Delimiter[] = ['\t', ';', '|', ','];
  let best: { d: Delimiter; share: number; fields: number } | null = null;
  const consistent: Delimiter[] = [];
  for (const d of DELIMITERS) {
    const counts: number[] = [];
    try {
      const next = recordReader(text, d);
      for (let r = next(); r && counts.length < SAMPLE_RECORDS; r = next()) if (!isBlankRecord(r)) counts.push(r.fields.length);
    } catch {
      continue; // quotes that do not fit this delimiter: it is not the one
    }
    if (counts.length === 0) continue;
    const freq = new Map<number, number>();
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 0;
    let modeCount = 0;
    for (const [c, k] of freq) if (k > modeCount || (k === modeCount && c > mode)) [mode, modeCount] = [c, k];
    if (mode <= 1) continue;
    const share = modeCount / counts.length;
    if (share === 1) consistent.push(d);
    if (!best || share > best.share || (share === best.share && mode > best.fields)) best = { d, share, fields: mode };
  }
  for (const d of order) if (consistent.includes(d)) return d;
  return best?.d ?? ',';
}

const looksNumeric = (cell: string): boolean => !Number.isNaN(parseNumber(cell)) || !Number.isNaN(parseNumber(cell, true));

/**
 * Whether the first record names the columns. Votes per column whose other (sampled) values are all
 * numbers: a non-numeric first cell there says header, a numeric one says data. Without numeric columns,
 * the first row is a header when its cells are distinct, non-empty and none of them recurs below it in
 * the same column (a data row of categories usually repeats somewhere).
 */
export function detectHeader(records: string[][]): boolean {
  const first = records[0];
  if (first === undefined) return false;
  if (records.length < 2) return first.some((c) => !isMissing(c) && !looksNumeric(c));
  const sample = records.slice(1, 1 + 200);
  let vote = 0;
  for (const [j, cell] of first.entries()) {
    const below = sample.map((r) => r[j] ?? '').filter((c) => !isMissing(c));
    if (below.length === 0 || !below.every(looksNumeric)) continue;
    if (isMissing(cell)) continue;
    vote += looksNumeric(cell) ? -1 : 1;
  }
  if (vote !== 0) return vote > 0;
  const names = first.map((c) => c.trim());
  if (names.some((c) => c === '' || looksNumeric(c))) return false;
  if (new Set(names).size !== names.length) return false;
  return names.every((name, j) => !sample.some((r) => (r[j] ?? '').trim() === name));
}

// ------------------------------------------------------------------------------------------ parse

/**
 * Parses CSV/TSV text or bytes. Throws ImportError for an empty file, a file with only a header, rows with
 * the wrong number of fields (naming the row), a quote that never closes, and too many rows or columns.
 */
export function parseCsv(input: string | Uint8Array, options: CsvOptions = {}): ParsedCsv {
  const { fileName } = options;
  const label = fileLabel(fileName);
  let text: string;
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    if (text.includes('\u0000')) throw binaryError(fileName, 'it contains NUL characters');
  } else {
    text = decodeCsvBytes(input, fileName);
  }
  if (text.trim() === '') throw emptyError(fileName);

  const delimiter = options.delimiter ?? detectDelimiter(text);
  const next = recordReader(text, delimiter, fileName);
  const records: string[][] = [];
  const lines: number[] = [];
  let width = -1;
  let ragged: { index: number; line: number; got: number } | null = null;
  for (let r = next(); r; r = next()) {
    if (isBlankRecord(r)) continue;
    let fields = r.fields;
    if (width < 0) {
      width = fields.length;
      if (width > LIMITS.columns) {
        throw new ImportError(
          'too-many-columns',
          `${label} has ${fmt(width)} columns; at most ${fmt(LIMITS.columns)} are supported.`,
          'Keep only the columns you need (e.g. delete the rest in a spreadsheet) and import again.',
        );
      }
    } else if (fields.length !== width) {
      // Trailing delimiters ("1,2,3,") add empty fields that carry nothing: tolerated, not an error.
      if (fields.length > width && fields.slice(width).every((f) => f.trim() === '')) fields = fields.slice(0, width);
      else {
        // Reported after the header guess below, so the row number counts data rows either way.
        ragged = { index: records.length, line: r.line, got: fields.length };
        break;
      }
    }
    // +1: the header row is still among the records here.
    if (records.length > LIMITS.rows) {
      throw new ImportError(
        'too-many-rows',
        `${label} has more than ${fmt(LIMITS.rows)} data rows, the most a table may have.`,
        `Import a random sample of at most ${fmt(LIMITS.rows)} rows.`,
      );
    }
    records.push(fields);
    lines.push(r.line);
  }
  if (records.length === 0) throw emptyError(fileName);

  const hasHeader = options.hasHeader ?? detectHeader(records);
  if (ragged) {
    const row = hasHeader ? ragged.index : ragged.index + 1;
    throw new ImportError(
      'ragged',
      `${label}, row ${fmt(row)} (line ${fmt(ragged.line)}) has ${ragged.got} field${ragged.got === 1 ? '' : 's'}, but ${hasHeader ? 'the header' : 'the first row'} has ${width}.`,
      `The values are separated by ${DELIMITER_NAMES[delimiter]}s: a value that contains a ${DELIMITER_NAMES[delimiter]} ` +
        'must be in double quotes. Fix that row, or remove it.',
    );
  }
  if (records.length === 1 && hasHeader) {
    throw new ImportError(
      'header-only',
      `${label} has only a header row and no data rows.`,
      'Add the data rows below the header, or choose the complete file.',
    );
  }
  if (records.length === 1) {
    throw new ImportError(
      'one-row',
      `${label} has only one row of data.`,
      'A table needs at least two data rows (many more to learn anything).',
    );
  }
  if (!hasHeader && records.length > LIMITS.rows) {
    throw new ImportError(
      'too-many-rows',
      `${label} has more than ${fmt(LIMITS.rows)} data rows, the most a table may have.`,
      `Import a random sample of at most ${fmt(LIMITS.rows)} rows.`,
    );
  }
  const [firstRecord = []] = records; // records has at least two here
  const header = hasHeader ? uniqueNames(firstRecord) : firstRecord.map((_, j) => `column ${j + 1}`);
  return {
    header,
    rows: hasHeader ? records.slice(1) : records,
    delimiter,
    hasHeader,
    lines: hasHeader ? lines.slice(1) : lines,
  };
}

/** Trimmed header names; empty ones become 'column N', repeats get ' (2)', ' (3)', … so each is unique. */
function uniqueNames(raw: string[]): string[] {
  const seen = new Set<string>();
  return raw.map((cell, j) => {
    const base = cell.trim() || `column ${j + 1}`;
    let name = base;
    for (let k = 2; seen.has(name); k++) name = `${base} (${k})`;
    seen.add(name);
    return name;
  });
}

export const delimiterName = (d: Delimiter): string => DELIMITER_NAMES[d];
