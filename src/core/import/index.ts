/**
 * Importing the user's own data: tables (CSV/TSV), image folders or zips, CIFAR-10 binary batches.
 * Everything here is pure TypeScript (runs in node tests, the page and workers) and throws only
 * ImportError for bad input; image decoding, which needs a browser, is the caller's part.
 */
export { ImportError, isImportError, formatBytes } from './errors';
export { LIMITS, checkSize, describeLimits, type SizeKind } from './limits';
export { MISSING_TOKENS, isMissing, parseNumber, naturalCompare, naturalSort } from './values';
export {
  DELIMITERS,
  decodeCsvBytes,
  delimiterName,
  detectDelimiter,
  detectHeader,
  parseCsv,
  type CsvOptions,
  type Delimiter,
  type ParsedCsv,
} from './csv';
export { MISSING_ATTRIBUTE, buildTabularDataset, standardize, type TabularOptions, type TabularResult } from './tabular';
export { guessTask, profileColumns, type ColumnKind, type ColumnProfile } from './table-profile';
export { CIFAR10_CLASSES, CIFAR_RECORD_BYTES, parseCifarBatches, type CifarFile, type CifarResult } from './cifar';
export { crc32, isJunkPath, listZip, readZip, type ZipEntry, type ZipListing, type ZipOptions } from './zip';
export {
  IMAGE_EXTENSIONS,
  assembleImageDataset,
  groupByClassFolder,
  resizeBilinear,
  resizeHwc,
  type ClassFolders,
  type ImageDatasetResult,
  type ImageItem,
  type SkippedFile,
} from './images';
export {
  FIT_LABELS,
  IMAGE_BACKGROUND,
  IMAGE_FITS,
  MAX_OVERSAMPLE,
  fitPlan,
  fitRects,
  isImageFit,
  type FitPlan,
  type ImageFit,
  type Rect,
} from './fit';
export {
  MAX_EXACT_SIZES,
  MAX_SAMPLES,
  describeSkipped,
  describeSourceSizes,
  groupSourceSizes,
  isImageSamples,
  pickSamples,
  type ImageSample,
  type PixelSize,
  type SizeGroup,
} from './image-summary';
