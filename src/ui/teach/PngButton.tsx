import { useState, type MouseEvent } from 'react';
import { saveFigurePng } from './chart-png';

/** A small "PNG" button for a chart figure: saves the chart in the enclosing <figure> as an image. */
export function PngButton({ name, title }: { name: string; title: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (e: MouseEvent<HTMLButtonElement>) => {
    const figure = e.currentTarget.closest('figure');
    if (!figure) return;
    try {
      setProblem(null);
      await saveFigurePng(figure, `fitlab-${name}`);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <>
      <button type="button" className="png-button" data-testid={`png-${name}`} aria-label={`Download the ${title} chart as PNG`} onClick={save}>
        PNG
      </button>
      {problem && (
        <span className="field-error" role="alert">
          {problem}
        </span>
      )}
    </>
  );
}
