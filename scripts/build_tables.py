"""The four real tables Fitlab ships (breast cancer, wine, iris, diabetes), read from scikit-learn's bundled
data files in Debian's python3-sklearn and written as plain CSV (gzipped by build_datasets.py): a header row
of feature names and a last column holding the target, the way a user's own table arrives, so the app loads
them through its table import pipeline. Standard library only; run through scripts/build_datasets.py.

Feature names are sklearn 1.2's `load_*().feature_names`, written out because sklearn itself is not
imported here; test/unit/tables.test.ts checks names and values against sklearn's loaders.
"""

import csv
import gzip
import io
import os

SRC_DIR = '/usr/lib/python3/dist-packages/sklearn/datasets/data'
CANCER_SRC = os.path.join(SRC_DIR, 'breast_cancer.csv')
WINE_SRC = os.path.join(SRC_DIR, 'wine_data.csv')
IRIS_SRC = os.path.join(SRC_DIR, 'iris.csv')
DIABETES_X_SRC = os.path.join(SRC_DIR, 'diabetes_data_raw.csv.gz')
DIABETES_Y_SRC = os.path.join(SRC_DIR, 'diabetes_target.csv.gz')
SOURCES = [CANCER_SRC, WINE_SRC, IRIS_SRC, DIABETES_X_SRC, DIABETES_Y_SRC]

_MEASURES = ['radius', 'texture', 'perimeter', 'area', 'smoothness', 'compactness', 'concavity',
             'concave points', 'symmetry', 'fractal dimension']
CANCER_FEATURES = (['mean ' + m for m in _MEASURES] + [m + ' error' for m in _MEASURES]
                   + ['worst ' + m for m in _MEASURES])
WINE_FEATURES = ['alcohol', 'malic_acid', 'ash', 'alcalinity_of_ash', 'magnesium', 'total_phenols',
                 'flavanoids', 'nonflavanoid_phenols', 'proanthocyanins', 'color_intensity', 'hue',
                 'od280/od315_of_diluted_wines', 'proline']
IRIS_FEATURES = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']
DIABETES_FEATURES = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6']

# Class names in the file. sklearn calls the wine classes class_0..2; they are three cultivars (UCI), so
# the app says so. Cancer keeps sklearn's names: the app orders classes by name, which makes the sick class
# (malignant) class 1, the positive class of its binary views.
WINE_CLASSES = ['cultivar 1', 'cultivar 2', 'cultivar 3']


def number_text(cell, where, fail):
    """The source's own text for a number (so the app parses exactly the value sklearn parses)."""
    text = cell.strip()
    try:
        float(text)
    except ValueError:
        fail('%s: %r is not a number' % (where, cell))
    return text


def read_sklearn_csv(path, features, class_names, fail):
    """sklearn's format: a first row 'n_samples,n_features,class names…', then features and a class index."""
    with open(path, newline='', encoding='utf-8') as f:
        rows = [r for r in csv.reader(f) if r]
    head = rows[0]
    n, k = int(head[0]), int(head[1])
    if k != len(features):
        fail('%s: %d features, expected %d' % (path, k, len(features)))
    if len(head) - 2 != len(class_names):
        fail('%s: %d class names, expected %d' % (path, len(head) - 2, len(class_names)))
    if len(rows) - 1 != n:
        fail('%s: header says %d rows, found %d' % (path, n, len(rows) - 1))
    out = []
    for lineno, row in enumerate(rows[1:], 2):
        where = '%s line %d' % (path, lineno)
        if len(row) != k + 1:
            fail('%s: expected %d columns, found %d' % (where, k + 1, len(row)))
        label = int(row[k])
        if not 0 <= label < len(class_names):
            fail('%s: class %d out of range' % (where, label))
        out.append([number_text(c, where, fail) for c in row[:k]] + [class_names[label]])
    return head[2:], out


def build_cancer(fail):
    names, rows = read_sklearn_csv(CANCER_SRC, CANCER_FEATURES, ['malignant', 'benign'], fail)
    if names != ['malignant', 'benign']:
        fail('%s: unexpected class names %r' % (CANCER_SRC, names))
    return [CANCER_FEATURES + ['diagnosis']] + rows


def build_wine(fail):
    _, rows = read_sklearn_csv(WINE_SRC, WINE_FEATURES, WINE_CLASSES, fail)
    return [WINE_FEATURES + ['cultivar']] + rows


def build_iris(fail):
    names, rows = read_sklearn_csv(IRIS_SRC, IRIS_FEATURES, ['setosa', 'versicolor', 'virginica'], fail)
    if names != ['setosa', 'versicolor', 'virginica']:
        fail('%s: unexpected class names %r' % (IRIS_SRC, names))
    return [IRIS_FEATURES + ['species']] + rows


def build_diabetes(fail):
    """Raw (unscaled) features, as load_diabetes(scaled=False): the app standardises them itself."""
    with gzip.open(DIABETES_X_SRC, 'rt', encoding='utf-8') as f:
        x_rows = [line.split() for line in f if line.strip()]
    with gzip.open(DIABETES_Y_SRC, 'rt', encoding='utf-8') as f:
        targets = [line.strip() for line in f if line.strip()]
    if len(x_rows) != 442 or len(targets) != 442:
        fail('diabetes: expected 442 rows and targets, found %d and %d' % (len(x_rows), len(targets)))
    rows = []
    for i, (row, target) in enumerate(zip(x_rows, targets)):
        where = '%s line %d' % (DIABETES_X_SRC, i + 1)
        if len(row) != len(DIABETES_FEATURES):
            fail('%s: expected %d values, found %d' % (where, len(DIABETES_FEATURES), len(row)))
        value = float(number_text(target, '%s line %d' % (DIABETES_Y_SRC, i + 1), fail))
        # The targets are whole numbers written as 1.51e+02; '151' reads the same and is what a person writes.
        rows.append([number_text(c, where, fail) for c in row] + ['%d' % value if value == int(value) else repr(value)])
    return [DIABETES_FEATURES + ['progression']] + rows


def build_all(fail):
    """(file name, rows with the header first) for each table."""
    return [
        ('cancer.csv.gz', build_cancer(fail)),
        ('wine.csv.gz', build_wine(fail)),
        ('iris.csv.gz', build_iris(fail)),
        ('diabetes.csv.gz', build_diabetes(fail)),
    ]


def csv_text(rows):
    buf = io.StringIO()
    csv.writer(buf, lineterminator='\n').writerows(rows)
    return buf.getvalue()


README = """
## Tables

Gzipped CSV (mtime 0, no filename, level 9): a header row of feature names, then one row per sample, the
target in the last column. The app reads them with its table import (`src/core/import/csv.ts`,
`src/core/import/tabular.ts`; `src/core/data/tables.ts`), so numeric columns are standardised with the
training split's statistics, as an imported table's are. Values are the source files' own text.

| File | Contents | Target (last column) | Source (Debian package `python3-sklearn`) | Licence |
| --- | --- | --- | --- | --- |
| `cancer.csv.gz` | Breast Cancer Wisconsin (Diagnostic): 569 tumours × 30 measurements of cell nuclei | `diagnosis`: `malignant` (212) or `benign` (357) | `sklearn/datasets/data/breast_cancer.csv`; W. H. Wolberg, W. N. Street, O. L. Mangasarian (UCI ML Repository, 1995) | BSD-3-Clause (scikit-learn's copy); UCI: CC BY 4.0 |
| `wine.csv.gz` | Wine recognition: 178 Italian wines × 13 chemical measurements | `cultivar`: `cultivar 1` (59), `cultivar 2` (71), `cultivar 3` (48) (sklearn's `class_0` … `class_2`) | `sklearn/datasets/data/wine_data.csv`; M. Forina et al. (UCI ML Repository, 1991) | BSD-3-Clause (scikit-learn's copy); UCI: CC BY 4.0 |
| `iris.csv.gz` | Fisher's iris: 150 flowers × 4 lengths in cm | `species`: `setosa`, `versicolor`, `virginica` (50 each) | `sklearn/datasets/data/iris.csv`; R. A. Fisher (1936), UCI ML Repository | BSD-3-Clause (scikit-learn's copy); UCI: CC BY 4.0 |
| `diabetes.csv.gz` | Diabetes: 442 patients × 10 baseline values (age, sex, BMI, blood pressure, six blood serum measurements `s1`…`s6`), unscaled as `load_diabetes(scaled=False)` | `progression`: disease progression one year after baseline (25 … 346) | `sklearn/datasets/data/diabetes_data_raw.csv.gz` and `diabetes_target.csv.gz`; B. Efron, T. Hastie, I. Johnstone, R. Tibshirani, *Least Angle Regression* (2004) | BSD-3-Clause (scikit-learn's copy) |

Rows are in the source files' order. Feature names are scikit-learn's `feature_names`.
"""
