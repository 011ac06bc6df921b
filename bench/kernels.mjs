// The `kernels` diagnosis (issue 18, bench/README.md "The CNN near the limit"): where one training step of
// each `flops` CNN spends its time on the bench page, kernel by kernel (bench/page/kernels.ts), against the
// page's own large-matmul peak. Run only when named: npm run bench -- kernels.

/** One line per model: the step's time split into conv/matmul kernels and the rest. */
export async function kernelsFigure({ page, emit, note, round, models }) {
  const peak = await page.evaluate(() => window.bench.peakGflops('wasm'));
  for (const { model, query } of models) {
    const p = await page.evaluate((q) => window.bench.kernelProfile(q, 'wasm'), query);
    // The same steps on the run's own images: any difference is the data's (e.g. denormal floats), not the code's.
    const real = await page.evaluate((q) => window.bench.kernelProfile(q, 'wasm', true), query);
    const flops = await page.evaluate((q) => window.bench.modelFlops(q), query);
    const matrix = p.kernels.filter((k) => k.flops > 0);
    const matrixMs = matrix.reduce((s, k) => s + k.ms, 0);
    const matrixGflops = matrix.reduce((s, k) => s + k.flops, 0) / matrixMs / 1e6;
    const achieved = (flops.total * p.batchSize) / p.stepMs / 1e6;
    note(`kernels ${query}: step ${p.stepMs.toFixed(1)} ms, conv+matmul ${matrixMs.toFixed(1)} ms at ${matrixGflops.toFixed(2)} GFLOP/s`);
    emit({
      figure: 'kernels',
      model,
      query,
      ratio: round(matrixGflops / peak.gflops),
      ratio_is:
        "the conv and matmul kernels' own GFLOP/s ÷ the page's n×n matmul peak: the flops ratio's ceiling were every other kernel free",
      achieved_ratio: round(achieved / peak.gflops),
      step_ms: round(p.stepMs, 1),
      step_ms_on_the_runs_data: round(real.stepMs, 1),
      top_kernels_on_the_runs_data: real.kernels.slice(0, 6).map((k) => `${k.name} ${k.ms.toFixed(2)} ms`),
      batch_size: p.batchSize,
      kernel_ms: round(p.kernelMs, 1),
      matrix_kernel_ms: round(matrixMs, 1),
      matrix_gflops: round(matrixGflops, 2),
      other_kernel_ms: round(p.kernelMs - matrixMs, 1),
      other_share_of_kernels: round((p.kernelMs - matrixMs) / p.kernelMs),
      peak_gflops: round(peak.gflops, 2),
      wasm_threads: peak.threads,
      top_kernels: p.kernels
        .slice(0, 14)
        .map(
          (k) => `${k.name} ${k.ms.toFixed(2)} ms (${round(k.calls, 1)}×)${k.flops ? ` ${(k.flops / k.ms / 1e6).toFixed(1)} GFLOP/s` : ''}`,
        ),
      counted:
        'page main thread, WASM, random data of the model’s shapes; 10 steps plain, then 10 with every kernel timed (top-level calls, inclusive)',
    });
  }
}
