import type { TableOptions } from '../../core/data/custom';
import { delimiterName, guessTask, type ColumnProfile } from '../../core/import';
import { rebuildTable } from '../../store/import';
import type { UploadRecord } from '../../store/uploads';

const PREVIEW_ROWS = 8;

/**
 * The loaded table: its first rows, and the choices that turn it into a dataset: the target column and task
 * (guessed from the target's values), columns left out, missing values dropped or imputed, and categorical
 * columns kept as subgroup attributes. Each change rebuilds the dataset in the import worker.
 */
export function TableImport({ record, disabled }: { record: UploadRecord; disabled: boolean }) {
  const table = record.table;
  const options = record.tableOptions;
  const profiles = record.profiles ?? [];
  if (!table || !options) return null;
  const change = (patch: Partial<TableOptions>) => rebuildTable({ ...options, ...patch });
  const excluded = new Set(options.exclude);
  const asNumbers = new Set(options.textAsMissing ?? []);
  const categorical = profiles.filter((p) => p.kind === 'categorical' && p.name !== options.target);

  return (
    <div className="table-import">
      <p className="muted">
        {table.rows.length.toLocaleString('en-US')} rows × {table.header.length} columns, {delimiterName(table.delimiter)}-separated,{' '}
        {table.hasHeader ? 'with a header row' : 'no header row (columns numbered)'}.
      </p>
      <div className="row">
        <div className="field">
          <label htmlFor="target-column">Target (what to predict)</label>
          <select
            id="target-column"
            data-testid="target-column"
            disabled={disabled}
            value={options.target}
            onChange={(e) => {
              const target = e.target.value;
              const p = profiles.find((c) => c.name === target);
              // A new target gets the task its values suggest; the user can still override it.
              const task = p ? guessTask(p) : 'classification';
              change({
                target,
                task,
                exclude: options.exclude.filter((c) => c !== target),
                attributes: options.attributes.filter((c) => c !== target),
              });
            }}
          >
            {table.header.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="table-task">Task</label>
          <select
            id="table-task"
            data-testid="table-task"
            disabled={disabled}
            value={options.task}
            onChange={(e) => change({ task: e.target.value === 'regression' ? 'regression' : 'classification' })}
          >
            <option value="classification">Classification (classes)</option>
            <option value="regression">Regression (a number)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="table-missing">Missing values</label>
          <select
            id="table-missing"
            data-testid="table-missing"
            disabled={disabled}
            value={options.missing}
            onChange={(e) => change({ missing: e.target.value === 'impute' ? 'impute' : 'drop' })}
          >
            <option value="drop">Drop the row</option>
            <option value="impute">Fill in (median / most frequent)</option>
          </select>
        </div>
      </div>
      <details>
        <summary>Columns ({table.header.length - excluded.size - 1} used as features)</summary>
        <ul className="column-list">
          {profiles
            .filter((p) => p.name !== options.target)
            .map((p) => (
              <li key={p.name}>
                <input
                  type="checkbox"
                  id={`col-${p.index}`}
                  data-testid="column-use"
                  data-column={p.name}
                  disabled={disabled}
                  checked={!excluded.has(p.name)}
                  onChange={(e) =>
                    change({ exclude: e.target.checked ? options.exclude.filter((c) => c !== p.name) : [...options.exclude, p.name] })
                  }
                />
                <label htmlFor={`col-${p.index}`}>
                  <span className="upload-name">{p.name}</span>{' '}
                  <span className="muted">
                    {asNumbers.has(p.name)
                      ? 'numbers (standardised), text counts as missing'
                      : p.kind === 'numeric'
                        ? 'numbers (standardised)'
                        : p.kind === 'categorical'
                          ? `${p.distinct} categories (one-hot)`
                          : 'empty'}
                    {p.missing ? ` · ${p.missing} missing` : ''}
                  </span>
                </label>
                {isMixed(p) && (
                  <MixedColumnChoice
                    name={p.name}
                    asNumbers={asNumbers.has(p.name)}
                    disabled={disabled || excluded.has(p.name)}
                    onChange={(numbers) =>
                      change({ textAsMissing: numbers ? [...asNumbers, p.name] : [...asNumbers].filter((c) => c !== p.name) })
                    }
                  />
                )}
              </li>
            ))}
        </ul>
      </details>
      {categorical.length > 0 && (
        <details>
          <summary>Subgroups (categorical columns to compare accuracy across)</summary>
          <ul className="column-list">
            {categorical.map((p) => (
              <li key={p.name}>
                <input
                  type="checkbox"
                  id={`attr-${p.index}`}
                  disabled={disabled || (p.levels?.length ?? 101) > 100}
                  checked={options.attributes.includes(p.name)}
                  onChange={(e) =>
                    change({
                      attributes: e.target.checked ? [...options.attributes, p.name] : options.attributes.filter((c) => c !== p.name),
                    })
                  }
                />
                <label htmlFor={`attr-${p.index}`}>
                  <span className="upload-name">{p.name}</span>
                </label>
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="table-preview" data-testid="data-preview">
        <table>
          <caption className="sr-only">The first {PREVIEW_ROWS} rows of the table</caption>
          <thead>
            <tr>
              {table.header.map((name) => (
                <th
                  key={name}
                  scope="col"
                  className={name === options.target ? 'target' : excluded.has(name) ? 'excluded' : undefined}
                  title={name}
                >
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.slice(0, PREVIEW_ROWS).map((row, r) => (
              <tr key={r}>
                {row.map((cell, j) => (
                  <td key={j} className={excluded.has(table.header[j]) ? 'excluded' : undefined}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** A column holding both numbers and text: profiled as categories, though it could be read as numbers. */
const isMixed = (p: ColumnProfile): boolean => p.kind === 'categorical' && p.numericCount > 0;

/** How a mixed column is read: as categories (the default), or as numbers with its text cells missing. */
function MixedColumnChoice({
  name,
  asNumbers,
  disabled,
  onChange,
}: {
  name: string;
  asNumbers: boolean;
  disabled: boolean;
  onChange: (numbers: boolean) => void;
}) {
  return (
    <select
      data-testid="column-mixed"
      data-column={name}
      aria-label={`How to read '${name}', which mixes numbers and text`}
      disabled={disabled}
      value={asNumbers ? 'numbers' : 'categories'}
      onChange={(e) => onChange(e.target.value === 'numbers')}
    >
      <option value="categories">Read as categories</option>
      <option value="numbers">Read as numbers (text counts as missing)</option>
    </select>
  );
}
