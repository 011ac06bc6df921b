import { useMemo } from 'react';
import { classificationReport, weakestClasses, type Scores } from '../../core/metrics';
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
        <table className="report-table" data-testid="class-report">
          <caption className="sr-only">Per-class precision, recall, F1 and support on the test split, then averages</caption>
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
                  <td>{f3(c.precision)}</td>
                  <td>{f3(c.recall)}</td>
                  <td>{f3(c.f1)}</td>
                  <td>{c.support}</td>
                </tr>
              );
            })}
          </tbody>
          <tbody className="report-averages">
            <tr data-class="accuracy">
              <th scope="row">accuracy</th>
              <td />
              <td />
              <td>{f3(report.accuracy)}</td>
              <td>{total}</td>
            </tr>
            <AverageRow name="macro avg" scores={report.macro} support={total} />
            <AverageRow name="weighted avg" scores={report.weighted} support={total} />
            <AverageRow name="micro avg" scores={report.micro} support={total} />
          </tbody>
        </table>
      </div>
    </div>
  );
}

function AverageRow({ name, scores, support }: { name: string; scores: Scores; support: number }) {
  return (
    <tr data-class={name}>
      <th scope="row">{name}</th>
      <td>{f3(scores.precision)}</td>
      <td>{f3(scores.recall)}</td>
      <td>{f3(scores.f1)}</td>
      <td>{support}</td>
    </tr>
  );
}
