import { useState } from 'react';

/**
 * Confusion matrix as a table: rows are the true class, columns the predicted class. Colour intensity
 * follows the row-normalised share (a single-hue scale, readable in grey), and every cell prints its number.
 */
export function ConfusionMatrix({ matrix, classNames }: { matrix: number[][]; classNames: string[] }) {
  const [normalised, setNormalised] = useState(false);
  const rowSums = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  return (
    <div className="confusion">
      <label className="field-check">
        <input type="checkbox" checked={normalised} onChange={(e) => setNormalised(e.target.checked)} data-testid="cm-normalise" />
        Row-normalised (share of each true class)
      </label>
      <div className="cm-scroll">
        <table className="cm" data-testid="confusion-matrix">
          <caption className="sr-only">Confusion matrix: rows true class, columns predicted class</caption>
          <thead>
            <tr>
              <th scope="col" className="cm-corner">
                true ↓ / predicted →
              </th>
              {classNames.map((name) => (
                <th scope="col" key={name} className="cm-col">
                  <span>{name}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.map((row, i) => (
              <tr key={classNames[i]}>
                <th scope="row">{classNames[i]}</th>
                {row.map((count, j) => {
                  const share = rowSums[i] ? count / rowSums[i] : 0;
                  const text = normalised ? share.toFixed(2) : String(count);
                  return (
                    <td
                      key={j}
                      data-testid="cm-cell"
                      data-row={i}
                      data-col={j}
                      data-count={count}
                      className={i === j ? 'diag' : undefined}
                      style={{ background: `rgba(0, 114, 178, ${0.08 + 0.85 * share})`, color: share > 0.5 ? '#fff' : 'var(--fg)' }}
                      title={`true ${classNames[i]}, predicted ${classNames[j]}: ${count} (${(share * 100).toFixed(1)}% of ${classNames[i]})`}
                    >
                      {text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
