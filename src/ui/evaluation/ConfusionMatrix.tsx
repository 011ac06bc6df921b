import { memo, useMemo, useState, type CSSProperties, type FocusEvent, type SyntheticEvent } from 'react';
import { explainMetric } from '../../core/teach/explain';
import { shortClassLabels } from '../../core/metrics/labels';
import { useTip, type TipHandlers } from '../teach/Tip';
import './evaluation.css';

interface Props {
  matrix: number[][];
  classNames: string[];
  /** Makes every cell a button (e.g. to show the examples behind it). */
  onCellClick?(row: number, col: number): void;
  /** Outlined cell, e.g. the one whose examples are open. */
  selected?: { row: number; col: number } | null;
  /**
   * Prefix for the data-testids (`${prefix}-matrix`, `${prefix}-cell`, `${prefix}-normalise`). Left out, the ids
   * are confusion-matrix / cm-cell / cm-normalise: browser tests read the TEST matrix by those, so any other
   * matrix on the page (the validation timeline) must pass a prefix.
   */
  testIdPrefix?: string;
}

/** A header's text: the short label shown, the full name on hover and for screen readers. */
function ClassLabel({ name, short }: { name: string; short: string }) {
  if (short === name) return <>{name}</>;
  return (
    <span title={name}>
      <span aria-hidden="true">{short}</span>
      <span className="sr-only">{name}</span>
    </span>
  );
}

/**
 * Confusion matrix as a table: rows are the true class, columns the predicted class. Colour intensity
 * follows the row-normalised share (a single-hue scale, readable in grey), and every cell prints its number.
 */
export function ConfusionMatrix({ matrix, classNames, onCellClick, selected = null, testIdPrefix }: Props) {
  const [normalised, setNormalised] = useState(false);
  const tip = useCellTip(matrix, classNames);
  const rowSums = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const short = shortClassLabels(classNames);
  const ids = testIdPrefix
    ? { table: `${testIdPrefix}-matrix`, cell: `${testIdPrefix}-cell`, normalise: `${testIdPrefix}-normalise` }
    : { table: 'confusion-matrix', cell: 'cm-cell', normalise: 'cm-normalise' };
  return (
    <div className="confusion">
      <label className="field-check">
        <input type="checkbox" checked={normalised} onChange={(e) => setNormalised(e.target.checked)} data-testid={ids.normalise} />
        Row-normalised<span className="normalise-note"> (share of each true class)</span>
      </label>
      {/* Every row and column fits the width it is given (fixed layout, cells shrink, long names cut): no
          sideways scroll hides a class. */}
      <div className="cm-fit">
        <table
          className={onCellClick ? 'cm cm-clickable' : 'cm'}
          data-testid={ids.table}
          data-classes={classNames.length}
          style={{ '--cm-classes': classNames.length } as CSSProperties}
        >
          <caption className="sr-only">
            Confusion matrix: rows true class, columns predicted class
            {onCellClick ? '. Each cell is a button that shows its examples.' : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="cm-corner">
                true ↓ <br />
                pred. →
              </th>
              {classNames.map((name) => (
                <th scope="col" key={name} className="cm-col">
                  <span>
                    <ClassLabel name={name} short={short[classNames.indexOf(name)] ?? name} />
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.map((row, i) => (
              <tr key={classNames[i]}>
                <th scope="row">
                  <ClassLabel name={classNames[i]} short={short[i] ?? classNames[i]} />
                </th>
                {row.map((count, j) => {
                  const share = rowSums[i] ? count / rowSums[i] : 0;
                  return (
                    <Cell
                      key={j}
                      row={i}
                      col={j}
                      count={count}
                      share={share}
                      normalised={normalised}
                      classNames={classNames}
                      testId={ids.cell}
                      selected={selected?.row === i && selected?.col === j}
                      onClick={onCellClick}
                      tipId={tip.id}
                      tipHandlers={tip.handlers}
                    />
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        {tip.tip}
      </div>
    </div>
  );
}

/**
 * One explanation for the whole matrix, of the cell under the pointer or with focus: a tip per cell (its state,
 * its hidden description in a portal) made a 10×10 matrix's first render a long task at the end of a run.
 * Every cell is described by it; it reads the cell it is about when the pointer or focus reaches that cell.
 */
function useCellTip(matrix: number[][], classNames: string[]) {
  const [active, setActive] = useState<{ row: number; col: number } | null>(null);
  const text = active
    ? explainMetric('confusion_cell', {
        trueClass: classNames[active.row],
        predictedClass: classNames[active.col],
        count: matrix[active.row]?.[active.col] ?? 0,
      })
    : '';
  const { id, handlers: shared, tip } = useTip(text);
  // useTip's handlers are stable callbacks; the matrix's own add which cell they are about.
  const { onMouseEnter, onMouseLeave, onFocus, onBlur, onKeyDown } = shared;
  const handlers = useMemo((): TipHandlers => {
    const at = (e: SyntheticEvent<HTMLElement>) => {
      const cell = e.currentTarget.closest('td');
      if (cell) setActive({ row: Number(cell.dataset.row), col: Number(cell.dataset.col) });
    };
    return {
      onMouseEnter: (e) => (at(e), onMouseEnter(e)),
      onMouseLeave,
      onFocus: (e: FocusEvent<HTMLElement>) => (at(e), onFocus(e)),
      onBlur,
      onKeyDown,
    };
  }, [onMouseEnter, onMouseLeave, onFocus, onBlur, onKeyDown]);
  return { id, handlers, tip };
}

/** One cell: its count (or share), shaded by the share of its row, explained in words on hover and focus. */
const Cell = memo(function Cell(props: {
  row: number;
  col: number;
  count: number;
  share: number;
  normalised: boolean;
  classNames: string[];
  testId: string;
  selected: boolean;
  onClick?(row: number, col: number): void;
  tipId: string;
  tipHandlers: TipHandlers;
}) {
  const {
    row: i,
    col: j,
    count,
    share,
    normalised,
    classNames,
    testId,
    selected: isSelected,
    onClick,
    tipId,
    tipHandlers: handlers,
  } = props;
  const text = normalised ? share.toFixed(2) : String(count);
  const description = `true ${classNames[i]}, predicted ${classNames[j]}: ${count} (${(share * 100).toFixed(1)}% of ${classNames[i]})`;
  const classes = [i === j ? 'diag' : '', isSelected ? 'cm-selected' : ''].filter(Boolean).join(' ');
  // Capped so the text (always the page's foreground colour) keeps a 4.5:1 contrast on every shade, both themes.
  const alpha = 0.08 + 0.72 * share;
  return (
    <td
      data-testid={testId}
      data-row={i}
      data-col={j}
      data-count={count}
      className={classes || undefined}
      style={{ background: `rgba(0, 114, 178, ${alpha})`, color: 'var(--fg)' }}
      title={onClick ? undefined : description}
      onMouseEnter={handlers.onMouseEnter}
      onMouseLeave={handlers.onMouseLeave}
      aria-describedby={onClick ? undefined : tipId}
    >
      {onClick ? (
        // A real button inside the cell keeps the table's cell semantics and gives Tab/Enter/Space for free.
        <button
          type="button"
          className="cm-cell-button"
          aria-label={description}
          aria-describedby={tipId}
          aria-pressed={isSelected}
          onClick={() => onClick(i, j)}
          onFocus={handlers.onFocus}
          onBlur={handlers.onBlur}
          onKeyDown={handlers.onKeyDown}
        >
          {text}
        </button>
      ) : (
        text
      )}
    </td>
  );
});
