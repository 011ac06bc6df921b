import { useState, type MouseEvent } from 'react';

/** A small "PNG" button for a chart figure: saves the chart in the enclosing <figure> as an image. */
export function PngButton({ name, title }: { name: string; title: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (e: MouseEvent<HTMLButtonElement>) => {
    const figure = e.currentTarget.closest('figure');
    if (!figure) return;
    try {
      setProblem(null);
      // The PNG writer loads on first use: no chart's first paint waits for it.
      const { saveFigurePng } = await import('./chart-png');
      await saveFigurePng(figure, `fitlab-${name}`);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <>
      <button
        type="button"
        className="png-button"
        data-testid={`png-${name}`}
        aria-label={`Download the ${title} chart as PNG`}
        onClick={save}
      >
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
