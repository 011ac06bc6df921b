import { useMemo } from 'react';
import { classificationReport, weakestClasses, type Scores } from '../../core/metrics';
import { explainMetric } from '../../core/teach/explain';
import { Explained, rovingKeyDown } from '../teach/Tip';
import './evaluation.css';

interface Props {
  labels: number[];
  predictions: number[];
  classNames: string[];
}

const f3 = (v: number) => v.toFixed(3);

/**
 * Per-class precision, recall, F1 and support, laid out like sklearn's classification_report, with the weakest
 * classes (lowest F1 among those with test samples) named above the table and marked in it, in words as well as
 * colour. Two are marked from four classes up, one below; a class scoring F1 1 is never called weak.
 */
export function ClassReport({ labels, predictions, classNames }: Props) {
  const k = classNames.length;
  const report = useMemo(
    () => (labels.length > 0 && k > 0 ? classificationReport(labels, predictions, k) : null),
    [labels, predictions, k],
  );
  if (!report) return <p className="muted">No test samples to report on.</p>;

  // Per class: how many the model predicted as it, and got right (precision's and recall's counts).
  const predicted = new Array<number>(k).fill(0);
  const found = new Array<number>(k).fill(0);
  predictions.forEach((p, i) => {
    if (p >= 0 && p < k) predicted[p]++;
    if (p === labels[i] && p >= 0 && p < k) found[p]++;
  });
  const weak = weakestClasses(report, k >= 4 ? 2 : 1).filter((c) => c.f1 < 1);
  const weakSet = new Set(weak.map((c) => c.classIndex));
  const total = report.perClass.reduce((s, c) => s + c.support, 0);

  return (
    <div className="class-report">
      <p className="callout" data-testid="class-report-weakest">
        {weak.length === 0
          ? 'Every class with test samples is classified perfectly.'
          : `Weakest: ${weak.map((c) => `${classNames[c.classIndex]} (recall ${c.recall.toFixed(2)}, F1 ${c.f1.toFixed(2)})`).join('; ')}`}
      </p>
      <div className="table-scroll">
        <table className="report-table" data-testid="class-report" onKeyDown={rovingKeyDown}>
          <caption className="sr-only">
            Per-class precision, recall, F1 and support on the test split, then averages. Arrow keys move between the numbers; each has an
            explanation.
          </caption>
          <thead>
            <tr>
              <th scope="col">class</th>
              <th scope="col">precision</th>
              <th scope="col">recall</th>
              <th scope="col">F1</th>
              <th scope="col">support</th>
            </tr>
          </thead>
          <tbody>
            {report.perClass.map((c, i) => {
              const isWeak = weakSet.has(i);
              return (
                <tr key={classNames[i]} data-class={classNames[i]} data-weak={isWeak || undefined} className={isWeak ? 'weak' : undefined}>
                  <th scope="row">
                    {classNames[i]}
                    {isWeak && <span className="tag tag-warn">weakest</span>}
                    {c.support === 0 && <span className="tag">no test samples</span>}
                  </th>
                  <td>
                    <Explained
                      tabIndex={i === 0 ? 0 : -1}
                      text={explainMetric('precision', {
                        value: c.precision,
                        className: classNames[i],
                        predicted: predicted[i],
                        found: found[i],
                      })}
                    >
                      {f3(c.precision)}
                    </Explained>
                  </td>
                  <td>
                    <Explained
                      tabIndex={-1}
                      text={explainMetric('recall', { value: c.recall, className: classNames[i], support: c.support, found: found[i] })}
                    >
                      {f3(c.recall)}
                    </Explained>
                  </td>
                  <td>
                    <Explained tabIndex={-1} text={explainMetric('f1', { value: c.f1, className: classNames[i] })}>
                      {f3(c.f1)}
                    </Explained>
                  </td>
                  <td>
                    <Explained tabIndex={-1} text={explainMetric('support', { support: c.support, className: classNames[i] })}>
                      {c.support}
                    </Explained>
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tbody className="report-averages">
            <tr data-class="accuracy">
              <th scope="row">accuracy</th>
              <td />
              <td />
              <td>
                <Explained
                  tabIndex={-1}
                  text={explainMetric('accuracy', { value: report.accuracy, correct: found.reduce((a, b) => a + b, 0), total })}
                >
                  {f3(report.accuracy)}
                </Explained>
              </td>
              <td>{total}</td>
            </tr>
            <AverageRow
              name="macro avg"
              scores={report.macro}
              support={total}
              explain={(of, value) => explainMetric('macro_avg', { of, value, classes: k })}
            />
            <AverageRow
              name="weighted avg"
              scores={report.weighted}
              support={total}
              explain={(of, value) => explainMetric('weighted_avg', { of, value })}
            />
            <AverageRow
              name="micro avg"
              scores={report.micro}
              support={total}
              explain={(of, value) =>
                `Micro-average ${of === 'f1' ? 'F1' : of} is ${f3(value)}: counted over all test samples at once; for single-label classification it equals accuracy.`
              }
            />
          </tbody>
        </table>
      </div>
    </div>
  );
}

type Of = 'precision' | 'recall' | 'f1';

function AverageRow({
  name,
  scores,
  support,
  explain,
}: {
  name: string;
  scores: Scores;
  support: number;
  explain(of: Of, value: number): string;
}) {
  return (
    <tr data-class={name}>
      <th scope="row">{name}</th>
      {(['precision', 'recall', 'f1'] as const).map((of) => (
        <td key={of}>
          <Explained tabIndex={-1} text={explain(of, scores[of])}>
            {f3(scores[of])}
          </Explained>
        </td>
      ))}
      <td>{support}</td>
    </tr>
  );
}
