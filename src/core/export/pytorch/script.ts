import header from './python/header.py?raw';
import data from './python/data.py?raw';
import model from './python/model.py?raw';
import optim from './python/optim.py?raw';
import train from './python/train.py?raw';
import main from './python/main.py?raw';

/** What train.py's RUN holds: the layers, the training settings and the browser's test numbers. */
export type RunConfig = Record<string, unknown>;

const MAIN_GUARD = /\n\nif __name__ == "__main__":\n {4}main\(\)\n?$/;

/**
 * train.py's sections in order, the run's configuration written into the first. The notebook takes the
 * same sections as its cells, without the `if __name__ == "__main__"` guard (a kernel's argv is not ours).
 */
export function scriptSections(config: RunConfig, title: string): { sections: string[]; guard: string } {
  // r"""…""" holds JSON safely: JSON escapes every quote inside a string, so it never closes the literal.
  const head = header
    .replace('__RUN_TITLE__', title.replace(/["\\]/g, ''))
    .replace('__RUN_CONFIG__', () => JSON.stringify(config, null, 1));
  const body = main.replace(MAIN_GUARD, '\n');
  if (body === main) throw new Error('train.py template: the __main__ guard moved; update MAIN_GUARD.');
  return { sections: [head, data, model, optim, train, body], guard: 'if __name__ == "__main__":\n    main()\n' };
}

/** The whole train.py. */
export function trainPy(config: RunConfig, title: string): string {
  const { sections, guard } = scriptSections(config, title);
  return `${sections.map((s) => s.trimEnd()).join('\n\n\n')}\n\n\n${guard}`;
}

/** train.ipynb (nbformat 4): a title cell, one code cell per section, then an evaluate and a train cell. */
export function notebook(config: RunConfig, title: string): string {
  const { sections } = scriptSections(config, title);
  const code = (source: string) => ({
    cell_type: 'code',
    metadata: {},
    execution_count: null,
    outputs: [],
    source: lines(source.trimEnd()),
  });
  const md = (source: string) => ({ cell_type: 'markdown', metadata: {}, source: lines(source) });
  const cells = [
    md(`# ${title}\n\nThe same code as \`train.py\`, one section per cell. Keep \`data.npz\` and \`weights.npz\` beside this notebook.`),
    ...sections.map(code),
    md("## Evaluate the browser's weights on the test split"),
    code('main(["--evaluate"])'),
    md("## Train from scratch with the run's settings"),
    code('main(["--epochs", str(RUN["train"]["epochs"])])'),
  ];
  return JSON.stringify(
    {
      cells,
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
      nbformat: 4,
      // 4.4: cells need no ids (4.5 requires them).
      nbformat_minor: 4,
    },
    null,
    1,
  );
}

/** Jupyter stores source as lines, each but the last ending in a newline. */
function lines(text: string): string[] {
  const parts = text.split('\n');
  return parts.map((l, i) => (i < parts.length - 1 ? `${l}\n` : l));
}
