export interface ReadmeFacts {
  title: string;
  task: 'classification' | 'regression';
  params: number;
  counts: { train: number; val: number; test: number };
  browserTest: Record<string, number> | null;
  /** Set when the run diverged: the weights are those of this epoch (0: the initial weights). */
  diverged: { restoredEpoch: number; message: string } | null;
  /** data.npz was left out of a very large export. */
  dataLeftOut?: boolean;
}

/** README.md of the export: what the files are, and how to run it locally, in a notebook, on a GPU, on a cluster. */
export function readme(f: ReadmeFacts): string {
  const test = f.browserTest
    ? Object.entries(f.browserTest)
        .map(([k, v]) => `\`${k}\` ${Number.isFinite(v) ? Number(v.toPrecision(6)) : 'n/a'}`)
        .join(', ')
    : 'not evaluated';
  const divergedNote = f.diverged
    ? `\n> **This run diverged.** ${f.diverged.message}\n> \`weights.npz\` holds ${f.diverged.restoredEpoch ? `the weights of epoch ${f.diverged.restoredEpoch}, the last good one` : 'the initial weights (no epoch finished sanely)'}; retraining will likely diverge too unless you lower the learning rate.\n`
    : '';
  const dataNote = f.dataLeftOut
    ? `\n> **data.npz is not in this zip**: it was left out to keep the download small. Put the arrays (\`x_train\`, \`y_train\`, \`x_val\`, \`y_val\`, \`x_test\`, \`y_test\`, as listed below) in an .npz file and pass its path: \`python train.py --data /path/to/data.npz\`.\n`
    : '';
  return `# ${f.title}

Exported from Fitlab: the run's data split, model and training, as a PyTorch project.
${divergedNote}${dataNote}
| File | What it holds |
| --- | --- |
| \`train.py\` | The model, the optimiser, the schedule and the training loop, numpy and torch only |
| \`train.ipynb\` | The same code as notebook cells |
| \`data.npz\` | \`x_train\`, \`y_train\`, \`x_val\`, \`y_val\`, \`x_test\`, \`y_test\`: ${f.counts.train} / ${f.counts.val} / ${f.counts.test} samples, exactly as the browser used them |
| \`weights.npz\` | The trained weights (${f.params.toLocaleString('en')} values), keyed by \`state_dict\` name, in PyTorch layout |
| \`run.json\` | Fitlab's metrics export: settings, per-epoch history, test results |

In the browser the test split scored: ${test}.

## Run it locally

\`\`\`sh
python -m pip install -r requirements.txt   # numpy and torch (1.13 or 2.x); Debian: apt install python3-torch
python train.py --evaluate                  # the browser's weights; the last line is the test JSON
python train.py                             # train from scratch: one JSON line per epoch, then the test line
python train.py --epochs 100 --seed 7       # more epochs, another seed
\`\`\`

Training saves its weights to \`trained_weights.npz\`; \`python train.py --evaluate --weights trained_weights.npz\` scores them.
The test accuracy of \`--evaluate\` equals the browser's; the loss agrees to float32 rounding. A retrain uses
PyTorch's random numbers (initial weights, batch order, dropout, augmentation), so its numbers are close to,
not equal to, the browser's.

## In a notebook

Open \`train.ipynb\` in Jupyter or upload it with \`data.npz\` and \`weights.npz\` to Colab; run the cells in order.

## On a GPU

\`python train.py --device cuda\` (the default \`--device auto\` picks CUDA when PyTorch sees a GPU).

## On several GPUs or machines

\`train.py\` trains data-parallel with DistributedDataParallel when started by \`torchrun\`: NCCL between GPUs,
gloo between CPU processes; a DistributedSampler shards the training set, the batch size stays the browser's
global batch, metrics are summed over all processes, and only rank 0 prints and saves.

\`\`\`sh
torchrun --standalone --nproc_per_node=4 train.py            # one machine, 4 processes (GPUs or CPU)
torchrun --nnodes=2 --nproc_per_node=8 --rdzv-backend=c10d \\
         --rdzv-endpoint=HOST:29500 train.py                  # run on each of 2 machines
\`\`\`

On PyTorch 1.13 without the \`torchrun\` command, use \`python -m torch.distributed.run\` with the same options.
Debian 12's PyTorch 1.13 under Python 3.11 fails while parsing torchrun's own defaults (\`'NoneType' object
has no attribute 'get'\`); add \`--redirects 3:3 --tee 3:3\` (settings for a local rank that does not exist,
so every rank's output stays as it is).
Batch normalisation keeps per-process batch statistics (as plain DDP does).

## How TF.js behaviours are translated

Dense kernels are transposed and conv kernels go from HWIO to OIHW; images stay NHWC in the data and turn NCHW
inside the model, and flatten in TF.js's height-width-channel order. Batch norm uses TF.js's epsilon (1e-3)
and momentum (0.99, updating with the biased batch variance). L1/L2 penalties are added to the loss as Keras
does, not as weight decay. The optimisers follow TF.js's update rules and defaults (epsilon 1e-7), with
Fitlab's own Nadam and Adadelta. The cross-entropy clips probabilities to [1e-7, 1 − 1e-7] as Keras does.
`;
}

export const REQUIREMENTS = 'numpy\ntorch>=1.13\n';
