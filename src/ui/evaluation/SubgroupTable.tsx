import type { SubgroupReport } from '../../core/metrics';
import './evaluation.css';

interface Props {
  /** One per attribute, from subgroupReport. */
  report: SubgroupReport[];
}

const f2 = (v: number) => v.toFixed(2);
const f3 = (v: number) => v.toFixed(3);

/**
 * Test accuracy and macro F1 per attribute value (colour, size, position…). The attribute with the widest accuracy
 * gap is named in a sentence at the top and its section is marked; in every section the best and worst groups carry
 * a word tag and a bar, so the flag survives greyscale and colour-blindness. Group sizes stay next to the gap,
 * because a gap between groups of three samples is noise.
 */
export function SubgroupTable({ report }: Props) {
  if (report.length === 0) {
    return (
      <p className="muted" data-testid="subgroup-table">
        This dataset has no sample attributes to split the test set by.
      </p>
    );
  }
  const widest = report.reduce<SubgroupReport | null>(
    (w, r) => (r.largestGap && r.largestGap.gap > (w?.largestGap?.gap ?? 0) ? r : w),
    null,
  );
  return (
    <div className="subgroups" data-testid="subgroup-table">
      <p className="callout" data-testid="subgroup-gap" data-attribute={widest?.attribute} data-gap={widest?.largestGap?.gap ?? 0}>
        {widest ? `Largest gap: ${gapText(widest)}` : 'No accuracy gap between groups.'}
      </p>
      {report.map((r) => (
        <AttributeSection key={r.attribute} report={r} flagged={r === widest} />
      ))}
    </div>
  );
}

function gapText(r: SubgroupReport): string {
  const gap = r.largestGap;
  if (!gap) return `${r.attribute}: only one group`;
  if (gap.gap === 0) return `${r.attribute}: every group equally accurate`;
  const count = (value: string) => r.rows.find((row) => row.value === value)?.count ?? 0;
  const acc = (value: string) => r.rows.find((row) => row.value === value)?.accuracy ?? 0;
  return `${r.attribute} — ${gap.best} ${f2(acc(gap.best))} vs ${gap.worst} ${f2(acc(gap.worst))} (n = ${count(gap.best)} and ${count(gap.worst)})`;
}

function AttributeSection({ report, flagged }: { report: SubgroupReport; flagged: boolean }) {
  const gap = report.largestGap;
  const marked = gap && gap.gap > 0;
  return (
    <section
      className={flagged ? 'subgroup subgroup-flagged' : 'subgroup'}
      data-attribute={report.attribute}
      aria-label={`Accuracy by ${report.attribute}`}
    >
      <h4>
        By {report.attribute}
        {flagged && <span className="tag tag-warn">largest gap</span>}
      </h4>
      {report.rows.length === 0 ? (
        <p className="muted">No test samples.</p>
      ) : (
        <>
          <p className="muted">{gapText(report)}</p>
          <table className="report-table">
            <caption className="sr-only">Test accuracy and macro F1 for each {report.attribute}</caption>
            <thead>
              <tr>
                <th scope="col">{report.attribute}</th>
                <th scope="col">count</th>
                <th scope="col">accuracy</th>
                <th scope="col" aria-hidden="true" />
                <th scope="col" title="Mean F1 over the classes that occur in this group (as true or predicted label)">
                  macro F1
                </th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => {
                const role = marked ? (row.value === gap.worst ? 'worst' : row.value === gap.best ? 'best' : null) : null;
                return (
                  <tr
                    key={row.value}
                    data-value={row.value}
                    data-role={role ?? undefined}
                    className={role ? `subgroup-${role}` : undefined}
                  >
                    <th scope="row">
                      {row.value}
                      {role && <span className={role === 'worst' ? 'tag tag-warn' : 'tag'}>{role}</span>}
                    </th>
                    <td>{row.count}</td>
                    <td>{f3(row.accuracy)}</td>
                    <td className="bar-cell" aria-hidden="true">
                      <span className="bar" style={{ width: `${row.accuracy * 100}%` }} />
                    </td>
                    <td>{f3(row.macroF1)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
