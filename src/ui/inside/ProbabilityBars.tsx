/**
 * One bar per class, longest for the likeliest; each bar carries its class and probability as data
 * attributes, so a test (or a screen reader's table view) reads the numbers, not the pixels.
 */
export function ProbabilityBars({
  probabilities,
  classNames,
  testId,
  label,
  busy = false,
}: {
  probabilities: number[];
  classNames: string[];
  testId: string;
  label: string;
  busy?: boolean;
}) {
  const best = probabilities.indexOf(Math.max(...probabilities));
  return (
    <ol className="prob-bars" data-testid={testId} aria-label={label} aria-busy={busy}>
      {probabilities.map((p, k) => (
        <li key={k} className={k === best ? 'prob-bar prob-best' : 'prob-bar'} data-class={k} data-prob={p}>
          <span className="prob-name">{classNames[k] ?? k}</span>
          <span className="prob-track" aria-hidden="true">
            <span className="prob-fill" style={{ width: `${(100 * p).toFixed(1)}%` }} />
          </span>
          <span className="prob-value">{(100 * p).toFixed(1)}%</span>
        </li>
      ))}
    </ol>
  );
}
