import * as tf from '@tensorflow/tfjs';

/**
 * Faster WASM kernels for what a CNN's training step spends its time on (issue 18, bench/README.md "The CNN
 * near the limit"). Each handles the shapes training makes and hands anything else to the kernel it
 * replaces (`stock`), so registering them changes speed, never results (test/unit/wasm-fast-kernels.test.ts
 * compares values and gradients with the cpu backend). Registered by registerFastWasmKernels.
 *
 * Two of them read and write the WASM heap directly, as the backend's own kernels do: the backend is typed
 * here by the few members used, so this file, like wasm-kernels.ts, imports only TF.js's core.
 */

/** The members of tfjs-backend-wasm's BackendWasm these kernels use. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  incRef(dataId: tf.DataId): void;
  disposeData(dataId: tf.DataId): boolean;
}

type Stock = tf.KernelFunc;
type Shape4 = [number, number, number, number];

/**
 * Products with a transposed operand: WASM's BatchMatMul runs XNNPACK only when neither side is transposed;
 * transposeA or transposeB take a plain loop 5–80× slower (measured in node: a 1024² product 0.5 GFLOP/s
 * with transposeB, 0.09 with transposeA, 6–7 without). Every dense layer's backward pass asks for both
 * (dW = xᵀ·dy, dx = dy·Wᵀ). Transposing the operand first (WASM's Transpose is a fast copy) and
 * multiplying plainly is far quicker, the copy included.
 */
function batchMatMul(stock: Stock): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: tf.Tensor; b: tf.Tensor };
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') return stock(args);
    const swapLast = (t: tf.Tensor) =>
      tf.transpose(
        t,
        [...t.shape.keys()].map((i, _, all) => (i < all.length - 2 ? i : 2 * all.length - 3 - i)),
      );
    return tf.tidy(() => tf.matMul(transposeA ? swapLast(a) : a, transposeB ? swapLast(b) : b));
  };
}

/**
 * MaxPoolGrad as one pass over the heap: each window's gradient goes to its first maximum in row-major scan
 * order (TF's rule, as on cpu), padding never counting. WASM's own kernel is wrong (see wasm-kernels.ts) and
 * the tensor-op version there (argMax over windows, one-hot, transposes) took a fifth of a CNN step.
 */
function maxPoolGrad(stock: Stock): tf.KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs as { dy: tf.Tensor4D; input: tf.Tensor4D };
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
    if (input.dtype !== 'float32' || dy.dtype !== 'float32') return stock(args);
    const info = tf.backend_util.computePool2DInfo(input.shape, filterSize, strides, 1, pad, dimRoundingMode);
    const backend = args.backend as unknown as WasmHeapBackend;
    const out = backend.makeOutput(input.shape, 'float32');
    // Views after the allocation: growing the heap would detach earlier ones.
    const [x, g, dx] = [backend.typedArrayFromHeap(input), backend.typedArrayFromHeap(dy), backend.typedArrayFromHeap(out)];
    dx.fill(0);
    const tiled2 = info.filterHeight === 2 && info.filterWidth === 2 && info.strideHeight === 2 && info.strideWidth === 2;
    if (
      tiled2 &&
      info.padInfo.top === 0 &&
      info.padInfo.left === 0 &&
      2 * info.outHeight <= info.inHeight &&
      2 * info.outWidth <= info.inWidth
    ) {
      routeToFirstMax2x2(x, g, dx, info);
    } else {
      routeToFirstMax(x, g, dx, info);
    }
    return out;
  };
}

function routeToFirstMax(x: Float32Array, g: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize: nb, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const { top, left } = info.padInfo;
  let gi = 0;
  for (let b = 0; b < nb; b++) {
    const base = b * h * w * c;
    for (let i = 0; i < oh; i++) {
      const r0 = Math.max(0, i * sh - top);
      const r1 = Math.min(h, i * sh - top + kh);
      for (let j = 0; j < ow; j++) {
        const c0 = Math.max(0, j * sw - left);
        const c1 = Math.min(w, j * sw - left + kw);
        for (let ch = 0; ch < c; ch++, gi++) {
          let best = -Infinity;
          let at = -1;
          for (let r = r0; r < r1; r++) {
            for (let col = c0, p = base + (r * w + c0) * c + ch; col < c1; col++, p += c) {
              // Strictly greater: ties keep the first; a window of only NaN or −∞ routes nowhere (as cpu).
              if (x[p] > best) {
                best = x[p];
                at = p;
              }
            }
          }
          if (at >= 0) dx[at] += g[gi];
        }
      }
    }
  }
}

/**
 * The same for Fitlab's pools (2×2, stride 2, no padding: every window whole and inside the input), the
 * window's four pixels compared directly, without the general loop's bounds.
 */
function routeToFirstMax2x2(x: Float32Array, g: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize: nb, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const row = w * c;
  let gi = 0;
  for (let b = 0; b < nb; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        const p00 = b * h * row + 2 * i * row + 2 * j * c;
        for (let ch = 0; ch < c; ch++, gi++) {
          // Scan order (0,0), (0,1), (1,0), (1,1); strictly greater keeps the first of equal values.
          const a = p00 + ch;
          const q1 = a + c;
          const q2 = a + row;
          const q3 = q2 + c;
          let at = -1;
          let best = -Infinity;
          if (x[a] > best) {
            best = x[a];
            at = a;
          }
          if (x[q1] > best) {
            best = x[q1];
            at = q1;
          }
          if (x[q2] > best) {
            best = x[q2];
            at = q2;
          }
          if (x[q3] > best) at = q3;
          if (at >= 0) dx[at] += g[gi];
        }
      }
    }
  }
}

/** Above this many values the patches matrix is not built (memory); the stock route takes over. */
const MAX_PATCH_VALUES = 1 << 24;
/**
 * Input channels up to which the patches route is taken. Measured in node (bench/kernels-micro.mjs, best of
 * 15): 1–3 channels (a first conv layer) about as fast as the stock route or a little faster; 16 and 32
 * channels 2–2.5× slower than it, so those keep it.
 */
const MAX_PATCH_CHANNELS = 4;

/**
 * The conv filter gradient as one product: dWᵀ[co, (kh, kw, ci)] = dyᵀ[co, p] · patches[p, (kh, kw, ci)] over
 * the p = b·oh·ow output pixels, the patches (im2col) written by one pass over the heap, zeros where a window
 * reaches into padding. dyᵀ rather than dy on the left because XNNPACK's product is several times faster
 * with the short side first (measured: 32×3872·3872×144 2.6 ms, 144×3872·3872×32 17 ms); the result is small.
 * Only for few input channels (MAX_PATCH_CHANNELS); channels-first data also takes the stock route.
 */
function conv2DBackpropFilter(stock: Stock): tf.KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs as { x: tf.Tensor4D; dy: tf.Tensor4D };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (dataFormat !== 'NHWC' || x.dtype !== 'float32' || dy.dtype !== 'float32') return stock(args);
    const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape as Shape4, strides, 1, pad, dimRoundingMode);
    const k = info.filterHeight * info.filterWidth * info.inChannels;
    const p = info.batchSize * info.outHeight * info.outWidth;
    if (info.inChannels > MAX_PATCH_CHANNELS || k * p > MAX_PATCH_VALUES) return stock(args);
    const backend = args.backend as unknown as WasmHeapBackend;
    const patchesInfo = backend.makeOutput([p, k], 'float32');
    writePatches(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(patchesInfo), info);
    return tf.tidy(() => {
      const patches = tf.engine().makeTensorFromTensorInfo(patchesInfo);
      const dyT = tf.transpose(tf.reshape(dy, [p, info.outChannels]));
      return tf.reshape(tf.transpose(tf.matMul(dyT, patches)), filterShape);
    });
  };
}

function writePatches(x: Float32Array, out: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize: nb, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const { top, left } = info.padInfo;
  let o = 0;
  for (let b = 0; b < nb; b++) {
    const base = b * h * w * c;
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        for (let r = i * sh - top, ri = 0; ri < kh; ri++, r++) {
          const inRow = r >= 0 && r < h;
          for (let col = j * sw - left, ci = 0; ci < kw; ci++, col++) {
            if (inRow && col >= 0 && col < w) {
              const from = base + (r * w + col) * c;
              for (let ch = 0; ch < c; ch++) out[o++] = x[from + ch];
            } else {
              for (let ch = 0; ch < c; ch++) out[o++] = 0;
            }
          }
        }
      }
    }
  }
}

/**
 * Gather along the first axis (every training batch: gather(xTrain, idx), gather(yTrain, idx)) as one
 * block copy per index. WASM's own copies value by value through stride arithmetic (2 ms for a 32-image
 * batch on the bench page). Other axes, batch dimensions, strings and out-of-range indices (whose error
 * the stock kernel raises) take the stock kernel.
 */
function gatherV2(stock: Stock): tf.KernelFunc {
  return (args) => {
    const { x, indices } = args.inputs as { x: tf.Tensor; indices: tf.Tensor };
    const { axis, batchDims } = args.attrs as unknown as tf.GatherV2Attrs;
    const first = tf.util.parseAxisParam(axis, x.shape)[0] === 0 && !batchDims;
    if (!first || x.dtype === 'string' || indices.dtype !== 'int32' || x.shape.length === 0) return stock(args);
    const backend = args.backend as unknown as WasmHeapBackend;
    const rows = x.shape[0];
    const rowSize = x.size / Math.max(1, rows);
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    // Views after the allocation (growing the heap detaches earlier ones).
    const ids = backend.typedArrayFromHeap(indices) as unknown as Int32Array;
    if (!ids.every((i) => i >= 0 && i < rows)) {
      backend.disposeData(out.dataId);
      return stock(args);
    }
    const [from, to] = [backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out)];
    ids.forEach((row, i) => to.set(from.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize));
    return out;
  };
}

/**
 * Identity without a copy: the output shares the input's memory, counted once more (as the cpu backend and
 * WASM's own Reshape do). Nothing in TF.js writes a tensor's memory in place; variables take new memory on
 * assign. Training calls it dozens of times a step (clones, the optimiser's bookkeeping).
 */
function identity(stock: Stock): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype === 'string') return stock(args);
    (args.backend as unknown as WasmHeapBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

/** Kernel name → the faster kernel, made from the one it replaces. */
const FAST_WASM_KERNELS: Record<string, (stock: Stock) => tf.KernelFunc> = {
  BatchMatMul: batchMatMul,
  MaxPoolGrad: maxPoolGrad,
  Conv2DBackpropFilter: conv2DBackpropFilter,
  Identity: identity,
  GatherV2: gatherV2,
};

const fastKernels = new WeakSet<tf.KernelFunc>();

export const isFastWasmKernel = (f: tf.KernelFunc): boolean => fastKernels.has(f);

/**
 * Registers the faster kernels over the ones registered now, each keeping the one it replaces for what it
 * does not handle. Call after registerWasmTrainingKernels (so MaxPoolGrad and Conv2DBackpropFilter fall
 * back to its correct kernels, not WASM's wrong or missing ones). Once only: a second call registers nothing.
 */
export function registerFastWasmKernels(): string[] {
  const registered: string[] = [];
  for (const [name, make] of Object.entries(FAST_WASM_KERNELS)) {
    const current = tf.getKernel(name, 'wasm');
    if (!current || fastKernels.has(current.kernelFunc)) continue;
    const kernelFunc = make(current.kernelFunc);
    fastKernels.add(kernelFunc);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...current, kernelFunc });
    registered.push(name);
  }
  return registered;
}
