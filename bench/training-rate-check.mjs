// Checks the bench's training-only rate (bench/page/training-rate.ts) on simulated runs: the runner's
// read-back groups and 100 ms batch flushes (src/core/train/read-back.ts, src/worker/runner.ts) replayed
// with a fixed batch time, ±20 % jitter, and validation after each epoch; the true rate is known.
// npx vite-node bench/training-rate-check.mjs  (prints one line per case; exits 1 if one is off by > 5 %)
import { flushIntervalRate, trainingRate } from './page/training-rate.ts';

const READ_EVERY_MS = 100;
const READ_MAX = 16;
const FLUSH_MS = 100;

/** The page's marks of a simulated run: batchMs per batch (jittered), `batches` an epoch, validationMs after each. */
function simulate(batchMs, batches, validationMs, epochs = 5, jitter = 0.4) {
  let [t, lastFlush, trainedMs, trained] = [0, 0, 0, 0];
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const marks = [];
  let buffer = [];
  let unread = [];
  const flush = () => {
    if (buffer.length) marks.push({ kind: 'batches', t, epoch: buffer.at(-1), samples: 32 * buffer.length });
    buffer = [];
    lastFlush = t;
  };
  const report = (epoch) => {
    buffer.push(epoch);
    if (t - lastFlush >= FLUSH_MS) flush();
  };
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let lastRead = t;
    for (let b = 0; b < batches; b++) {
      const ms = batchMs * (1 + jitter * (random() - 0.5));
      t += ms;
      if (epoch >= 2) [trainedMs, trained] = [trainedMs + ms, trained + 32];
      unread.push(epoch);
      if (unread.length > READ_MAX || t - lastRead >= READ_EVERY_MS) {
        lastRead = t;
        unread.splice(0, unread.length - 1).forEach(report);
      }
    }
    unread.splice(0).forEach(report);
    t += validationMs;
    flush();
    marks.push({ kind: 'epoch', t, epoch });
  }
  return { marks, truth: trained / trainedMs };
}

let bad = 0;
for (const [batchMs, batches, validationMs] of [
  [0.3, 3000, 30],
  [2, 800, 30],
  [15, 20, 80],
  [15, 40, 80],
  [24, 20, 80],
  [40, 40, 100],
  [60, 10, 100],
  [100, 10, 100],
  [200, 10, 100],
]) {
  const { marks, truth } = simulate(batchMs, batches, validationMs);
  const rate = trainingRate(marks);
  const ratio = rate ? rate.samples / rate.ms / truth : NaN;
  const old = flushIntervalRate(marks);
  const ok = Math.abs(ratio - 1) <= 0.05;
  bad += ok ? 0 : 1;
  console.log(
    `${ok ? 'ok ' : 'BAD'} batch ${batchMs} ms × ${batches}: measured ÷ true rate ${ratio.toFixed(3)} ` +
      `(the rule before issue 18: ${(old.samples / old.ms / truth).toFixed(3)})`,
  );
}
process.exit(bad ? 1 : 0);
