import { mostConfusedPairs } from '../../core/metrics';
import './evaluation.css';

interface Props {
  matrix: number[][];
  classNames: string[];
  onSelect?(trueClass: number, predicted: number): void;
  /** How many pairs to list (default 5). */
  top?: number;
}

/**
 * The test confusions worth a look first, in words: "shirt → T-shirt: 23 (19% of shirt)". The share says how much
 * of the true class the mistake takes, so 5 errors out of 8 rank visibly worse than 5 out of 800.
 */
export function ConfusedPairs({ matrix, classNames, onSelect, top = 5 }: Props) {
  const pairs = mostConfusedPairs(matrix, top);
  if (pairs.length === 0) {
    return (
      <p className="muted" data-testid="confused-pairs">
        No confusions: every test sample was classified correctly.
      </p>
    );
  }
  return (
    <ol className="confused-pairs" data-testid="confused-pairs" aria-label="Most confused class pairs, true → predicted">
      {pairs.map((p) => {
        const text = `${classNames[p.trueClass]} → ${classNames[p.predicted]}: ${p.count} (${Math.round(p.shareOfTrue * 100)}% of ${classNames[p.trueClass]})`;
        const data = { 'data-true': p.trueClass, 'data-pred': p.predicted, 'data-count': p.count };
        return (
          <li key={`${p.trueClass}-${p.predicted}`}>
            {onSelect ? (
              <button
                type="button"
                className="pair-button"
                {...data}
                onClick={() => onSelect(p.trueClass, p.predicted)}
                title="Show these examples"
              >
                {text}
              </button>
            ) : (
              <span {...data}>{text}</span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
