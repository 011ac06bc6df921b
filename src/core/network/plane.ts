/**
 * Cell centres of a square grid over the 2-D input plane, row-major from the top row (y = +extent, as on
 * screen) to the bottom: the points the decision boundary and the unit heatmaps are evaluated at. Centres,
 * not corners, so the grid is symmetric about the origin.
 */
export function planePoints(resolution: number, extent: number): Float32Array {
  const x = new Float32Array(resolution * resolution * 2);
  const step = (2 * extent) / resolution;
  for (let row = 0; row < resolution; row++) {
    const y = extent - (row + 0.5) * step;
    for (let col = 0; col < resolution; col++) {
      const i = row * resolution + col;
      x[2 * i] = -extent + (col + 0.5) * step;
      x[2 * i + 1] = y;
    }
  }
  return x;
}

/** The grid cell holding the point (x, y), clamped to the grid; its centre is where the model was asked. */
export function planeCell(x: number, y: number, resolution: number, extent: number): { row: number; col: number; x: number; y: number } {
  const step = (2 * extent) / resolution;
  const clamp = (v: number) => Math.min(resolution - 1, Math.max(0, Math.floor(v)));
  const col = clamp((x + extent) / step);
  const row = clamp((extent - y) / step);
  return { row, col, x: -extent + (col + 0.5) * step, y: extent - (row + 0.5) * step };
}
