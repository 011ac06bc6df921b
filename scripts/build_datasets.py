#!/usr/bin/python3
"""Build Fitlab's bundled datasets into public/data/: images as gzipped FLDS files, tables as gzipped CSV.

Sources are Debian packages, so the build needs no network and is re-runnable:
  python3-sklearn        -> sklearn's bundled copy of the UCI optical digits (BSD-3-Clause), and its
                            breast cancer, wine, iris and diabetes tables (scripts/build_tables.py)
  dataset-fashion-mnist  -> Zalando Research's Fashion-MNIST (MIT)

Run: /usr/bin/python3 scripts/build_datasets.py

FLDS format (the whole file is gzipped):
  bytes 0-3   ASCII "FLDS"
  bytes 4-7   uint32 little-endian header length H
  next H      UTF-8 JSON header
  then        count*h*w*c uint8 pixels (sample-major, row-major HWC)
  then        count uint8 labels
Only the standard library is used so the script runs on a bare Debian python3.
"""

import csv
import gzip
import io
import json
import os
import struct
import sys

import build_tables

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, 'public', 'data')

DIGITS_SRC = '/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz'
FASHION_DIR = '/usr/share/datasets/fashion-mnist'
FASHION_SRC = {
    'train_images': os.path.join(FASHION_DIR, 'train-images-idx3-ubyte.gz'),
    'train_labels': os.path.join(FASHION_DIR, 'train-labels-idx1-ubyte.gz'),
    'test_images': os.path.join(FASHION_DIR, 't10k-images-idx3-ubyte.gz'),
    'test_labels': os.path.join(FASHION_DIR, 't10k-labels-idx1-ubyte.gz'),
}
INSTALL_HINT = 'apt-get install -y python3-sklearn dataset-fashion-mnist'

DIGITS_COUNT = 1797
FASHION_PER_CLASS_TRAIN = 1000
FASHION_PER_CLASS_TEST = 200
FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
                   'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']
FASHION_MAX_BYTES = 8 * 1024 * 1024


def fail(msg):
    print('error: ' + msg, file=sys.stderr)
    sys.exit(1)


def check_sources():
    missing = [p for p in [DIGITS_SRC] + list(FASHION_SRC.values()) + build_tables.SOURCES if not os.path.isfile(p)]
    if missing:
        for p in missing:
            print('missing source file: ' + p, file=sys.stderr)
        print('Install the Debian packages that provide them:\n  ' + INSTALL_HINT, file=sys.stderr)
        sys.exit(1)


def gzip_bytes(raw):
    # mtime=0 and no filename keep the gzip output byte-for-byte reproducible across runs.
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode='wb', compresslevel=9, mtime=0, filename='') as gz:
        gz.write(raw)
    return buf.getvalue()


def pack(header, pixels, labels):
    header_bytes = json.dumps(header, ensure_ascii=False, separators=(',', ':')).encode('utf-8')
    return gzip_bytes(b'FLDS' + struct.pack('<I', len(header_bytes)) + header_bytes + bytes(pixels) + bytes(labels))


def write_file(name, data):
    path = os.path.join(OUT_DIR, name)
    tmp = path + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(data)
    os.replace(tmp, path)
    print('wrote %s: %d bytes (%.2f MB)' % (os.path.relpath(path, ROOT), len(data), len(data) / 1e6))
    return path


def build_digits():
    pixels = bytearray()
    labels = bytearray()
    with gzip.open(DIGITS_SRC, 'rt', newline='') as f:
        for lineno, row in enumerate(csv.reader(f), 1):
            if not row:
                continue
            if len(row) != 65:
                fail('%s line %d: expected 65 columns, found %d' % (DIGITS_SRC, lineno, len(row)))
            # sklearn stores the values as floats in some versions; they must still be whole numbers.
            values = [float(v) for v in row]
            for v in values:
                if v != int(v):
                    fail('%s line %d: non-integer value %r' % (DIGITS_SRC, lineno, v))
            px = [int(v) for v in values[:64]]
            label = int(values[64])
            if min(px) < 0 or max(px) > 16:
                fail('%s line %d: pixel outside 0..16' % (DIGITS_SRC, lineno))
            if not 0 <= label <= 9:
                fail('%s line %d: label %d outside 0..9' % (DIGITS_SRC, lineno, label))
            pixels.extend(px)
            labels.append(label)
    if len(labels) != DIGITS_COUNT:
        fail('expected %d digits in %s, found %d' % (DIGITS_COUNT, DIGITS_SRC, len(labels)))
    header = {
        'format': 1,
        'id': 'digits',
        'name': 'Digits (8×8)',
        'count': len(labels),
        'shape': [8, 8, 1],
        'classNames': [str(i) for i in range(10)],
        'maxValue': 16,
        'source': 'scikit-learn bundled digits.csv.gz (Debian package python3-sklearn), '
                  'originally the UCI ML Optical Recognition of Handwritten Digits dataset',
        'license': 'BSD-3-Clause',
    }
    return pack(header, pixels, labels)


def read_idx(path, magic, dims):
    """Read an IDX file; returns (count, item_size, raw_bytes)."""
    with gzip.open(path, 'rb') as f:
        data = f.read()
    head = 4 + 4 * dims
    if len(data) < head:
        fail('%s: too short for an IDX header' % path)
    (m,) = struct.unpack('>I', data[:4])
    if m != magic:
        fail('%s: bad IDX magic 0x%08x (expected 0x%08x)' % (path, m, magic))
    sizes = struct.unpack('>' + 'I' * dims, data[4:head])
    count = sizes[0]
    item = 1
    for s in sizes[1:]:
        item *= s
    if len(data) != head + count * item:
        fail('%s: expected %d bytes of data, found %d' % (path, count * item, len(data) - head))
    return count, sizes[1:], data[head:]


def load_fashion_split(images_path, labels_path):
    n, dims, images = read_idx(images_path, 0x00000803, 3)
    m, _, labels = read_idx(labels_path, 0x00000801, 1)
    if n != m:
        fail('%s has %d images but %s has %d labels' % (images_path, n, labels_path, m))
    if tuple(dims) != (28, 28):
        fail('%s: expected 28x28 images, found %r' % (images_path, dims))
    return n, images, labels


def take_balanced(n, images, labels, per_class, path):
    """First `per_class` samples of each class, kept in original index order."""
    size = 28 * 28
    taken = [0] * 10
    pixels = bytearray()
    out_labels = bytearray()
    for i in range(n):
        c = labels[i]
        if c > 9:
            fail('%s: label %d at index %d outside 0..9' % (path, c, i))
        if taken[c] < per_class:
            taken[c] += 1
            pixels.extend(images[i * size:(i + 1) * size])
            out_labels.append(c)
            if len(out_labels) == 10 * per_class:
                break
    if taken != [per_class] * 10:
        fail('%s: not enough samples per class (got %r)' % (path, taken))
    return pixels, out_labels


def build_fashion():
    n_tr, img_tr, lab_tr = load_fashion_split(FASHION_SRC['train_images'], FASHION_SRC['train_labels'])
    n_te, img_te, lab_te = load_fashion_split(FASHION_SRC['test_images'], FASHION_SRC['test_labels'])
    px_tr, y_tr = take_balanced(n_tr, img_tr, lab_tr, FASHION_PER_CLASS_TRAIN, FASHION_SRC['train_labels'])
    px_te, y_te = take_balanced(n_te, img_te, lab_te, FASHION_PER_CLASS_TEST, FASHION_SRC['test_labels'])
    header = {
        'format': 1,
        'id': 'fashion',
        'name': 'Fashion-MNIST (28×28, 12,000-image balanced subset)',
        'count': len(y_tr) + len(y_te),
        'shape': [28, 28, 1],
        'classNames': FASHION_CLASSES,
        'maxValue': 255,
        'source': 'Fashion-MNIST by Zalando Research (Debian package dataset-fashion-mnist): '
                  'first %d of each class from the train file, then first %d of each class '
                  'from the t10k file' % (FASHION_PER_CLASS_TRAIN, FASHION_PER_CLASS_TEST),
        'license': 'MIT',
        'origin': {'train': len(y_tr), 'test': len(y_te)},
    }
    data = pack(header, px_tr + px_te, y_tr + y_te)
    if len(data) > FASHION_MAX_BYTES:
        fail('fashion-mnist.flds.gz is %d bytes, over the %d byte budget' % (len(data), FASHION_MAX_BYTES))
    return data


README = """# Bundled datasets

Generated by `scripts/build_datasets.py` — do not edit by hand. Rebuild (byte-for-byte reproducible) with:

```sh
apt-get install -y python3-sklearn dataset-fashion-mnist   # sources, if missing
/usr/bin/python3 scripts/build_datasets.py
```

| File | Contents | Source (Debian package) | Licence |
| --- | --- | --- | --- |
| `digits.flds.gz` | 1,797 handwritten digits, 8×8×1, pixel values 0–16, classes `"0"`…`"9"` | scikit-learn's bundled `sklearn/datasets/data/digits.csv.gz` (`python3-sklearn`); originally the UCI ML *Optical Recognition of Handwritten Digits* dataset | BSD-3-Clause |
| `fashion-mnist.flds.gz` | 12,000 clothing images, 28×28×1, pixel values 0–255, 10 classes (1,200 each) | Fashion-MNIST by Zalando Research (`dataset-fashion-mnist`, `/usr/share/datasets/fashion-mnist/`) | MIT |

Fashion-MNIST subset: for each class 0–9, the first 1,000 images of that class from
`train-images-idx3-ubyte.gz` (10,000 in all) followed by the first 200 of that class from
`t10k-images-idx3-ubyte.gz` (2,000 in all). Within the file the 10,000 train-derived images come first,
in original index order, then the 2,000 test-derived ones, in original index order. Class names:
T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot.

## FLDS format (version 1)

The whole file is gzip-compressed (mtime 0, no filename, level 9). Decompressed:

| Offset | Size | Contents |
| --- | --- | --- |
| 0 | 4 | ASCII `FLDS` |
| 4 | 4 | header length `H`, uint32 little-endian |
| 8 | `H` | UTF-8 JSON header (below) |
| 8 + H | count·h·w·c | uint8 pixels, sample-major, each sample row-major HWC |
| 8 + H + count·h·w·c | count | uint8 labels, 0 … classNames.length − 1 |

Header fields: `format` (1), `id` (`"digits"` or `"fashion"`), `name`, `count`, `shape` (`[h, w, c]`),
`classNames`, `maxValue` (16 or 255; the app divides pixels by it to scale to [0, 1]), `source`, `license`,
and for Fashion-MNIST `origin` (`{"train": 10000, "test": 2000}`: how many images came from each official file).

The decoder is `src/core/data/packed.ts` (`loadPackedDataset`).
"""


def main():
    check_sources()
    os.makedirs(OUT_DIR, exist_ok=True)
    write_file('digits.flds.gz', build_digits())
    write_file('fashion-mnist.flds.gz', build_fashion())
    for name, rows in build_tables.build_all(fail):
        write_file(name, gzip_bytes(build_tables.csv_text(rows).encode('utf-8')))
    readme_path = os.path.join(OUT_DIR, 'README.md')
    with open(readme_path, 'w', encoding='utf-8') as f:
        f.write(README + build_tables.README)
    print('wrote %s' % os.path.relpath(readme_path, ROOT))


if __name__ == '__main__':
    main()
