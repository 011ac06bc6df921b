import * as tf from '@tensorflow/tfjs';
import { isFastWasmKernel } from './wasm-fast-kernels';

/**
 * Gradient kernels that TF.js's WASM backend (4.22) lacks, gets wrong or runs slowly, rebuilt from WASM
 * kernels that work. Call after '@tensorflow/tfjs-backend-wasm' is imported (it registers its own kernels
 * on import, and would put back the ones replaced here) and before training on 'wasm'
 * (src/worker/backend.ts). This file imports only the core, so it costs nothing until then.
 *
 * Found by training every model Fitlab builds on 'wasm' against 'cpu' (test/unit/wasm-kernels.test.ts):
 * - Conv2DBackpropFilter (the gradient of a conv layer's kernel) is missing: no CNN can train.
 * - MaxPoolGrad is there but wrong: it starts each window's running max at FLT_MIN (the smallest *positive*
 *   float) and keeps the *last* of equal values, so a window whose values are all ≤ 0 routes its gradient
 *   to the wrong pixel, and ties go elsewhere than on cpu/webgl/TF. ReLU before the pool mostly hides it;
 *   with tanh, ELU, SELU, leaky ReLU, PReLU or batch norm, CNN gradients came out plainly wrong.
 * - Conv2DBackpropInput is right but a plain loop, the slowest step of CNN training (see below).
 * Everything else training touches (EluGrad, FusedBatchNorm, Prelu, LeakyRelu, Selu, Transform with the
 * 'nearest' fill augmentation uses…) matches cpu; the random ops behind dropout and noise run in JavaScript
 * on every backend.
 *
 * The kernels run TF.js ops. That is safe inside a kernel: the engine records nothing on the gradient tape
 * while a kernel runs, tidy frees every intermediate, and the one tensor returned is passed on by the engine
 * as the kernel's output (so it is neither leaked nor counted twice).
 */
export function registerWasmTrainingKernels(): string[] {
  const registered: string[] = [];
  for (const { kernel, replaces } of KERNELS) {
    const current = tf.getKernel(kernel.kernelName, 'wasm');
    // A faster kernel registered over ours (registerFastWasmKernels) keeps ours as its fallback: leave it.
    if (current?.kernelFunc === kernel.kernelFunc || (current && !replaces) || (current && isFastWasmKernel(current.kernelFunc))) continue;
    if (current) tf.unregisterKernel(kernel.kernelName, 'wasm');
    tf.registerKernel(kernel);
    registered.push(kernel.kernelName);
  }
  return registered;
}

type Shape4 = [number, number, number, number];

/**
 * dW[kh, kw, ci, co] = Σ_{b, oh, ow} xPadded[b, oh·s + kh, ow·s + kw, ci] · dy[b, oh, ow, co].
 *
 * Read with ci as the batch, b as the channels and dy as the filter, that sum is itself a convolution: of
 * xPadded transposed to [Cin, H, W, B] with dy transposed to [OH, OW, B, Cout], stride 1 and dilation s
 * (the forward stride), giving [Cin, KH', KW', Cout] with KH' ≥ KH (extra rows when the stride does not
 * divide the span evenly, cropped off). So the whole gradient is one call to WASM's XNNPACK convolution,
 * about 1.5× a forward conv; slicing out patches and multiplying them (im2col) measured 5–10× slower on
 * WASM, and the Conv3DBackpropFilterV2 detour is both slow and wrong for strides above 1.
 *
 * x is padded as the forward pass padded it: computeConv2DInfo is the function the forward kernels use, so
 * 'same' (TF's rule: total max((⌈in/s⌉−1)·s + k − in, 0), the odd pixel at the bottom/right), explicit
 * padding and dimRoundingMode agree with them. With 'ceil' rounding the last windows can reach past the
 * padding; the extra rows are zeros, as cpu reads them.
 */
const conv2DBackpropFilter: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs }) => {
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    return tf.tidy(() => {
      // The info from the shapes as given: explicit padding lists the data format's own axes.
      const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
      const info = tf.backend_util.computeConv2DInfo(
        inputs.x!.shape as Shape4,
        filterShape as Shape4,
        strides,
        1,
        pad,
        dimRoundingMode,
        false,
        format,
      );
      const [x, dy] = [inputs.x!, inputs.dy!].map((t) => nhwc(t, format));
      const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
      const xPadded = padTo(x, info.padInfo.top, info.padInfo.left, (oh - 1) * sh + kh, (ow - 1) * sw + kw, 0);
      const spread = tf.conv2d(tf.transpose(xPadded, [3, 1, 2, 0]), tf.transpose(dy, [1, 2, 0, 3]), 1, 'valid', 'NHWC', [sh, sw]);
      return tf.transpose(tf.slice(spread, 0, [info.inChannels, kh, kw, info.outChannels]), [1, 2, 0, 3]);
    });
  },
};

/**
 * dx of a convolution, as one forward convolution: dy, dilated by the stride (s − 1 zeros between values)
 * and padded by k − 1 − pad, correlated with the filter rotated 180° and its in/out channels swapped. WASM
 * has this kernel, but as a plain loop: 4–8× slower than this route through its XNNPACK convolution on
 * Fitlab's layers, and the largest cost of a CNN training step (the default CNN trains ~1.5× faster).
 */
const conv2DBackpropInput: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs }) => {
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    return tf.tidy(() => {
      const filter = inputs.filter as tf.Tensor4D;
      const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
      const info = tf.backend_util.computeConv2DInfo(inputShape as Shape4, filter.shape, strides, 1, pad, dimRoundingMode, false, format);
      const dy = nhwc(inputs.dy!, format);
      const { batchSize: b, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
      const { filterHeight: kh, filterWidth: kw, outChannels: cout } = info;
      const dilated =
        sh === 1 && sw === 1
          ? dy
          : (tf.reshape(
              tf.pad(tf.reshape(dy, [b, oh, 1, ow, 1, cout]), [
                [0, 0],
                [0, 0],
                [0, sh - 1],
                [0, 0],
                [0, sw - 1],
                [0, 0],
              ]),
              [b, oh * sh, ow * sw, cout],
            ) as tf.Tensor4D);
      const padded = padTo(dilated, kh - 1 - info.padInfo.top, kw - 1 - info.padInfo.left, h + kh - 1, w + kw - 1, 0);
      const dx = tf.conv2d(padded, tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]), 1, 'valid');
      return format === 'channelsFirst' ? tf.transpose(dx, [0, 3, 1, 2]) : dx;
    });
  },
};

/**
 * MaxPoolGrad with TF's semantics: each window's gradient goes to its *first* maximum (row-major scan), as
 * on cpu. The windows are laid out as [b, oh, ow, c, kh·kw] (pooled pixel by pooled pixel, the window's
 * pixels last), argMax picks each one's first maximum, and a one-hot of it times dy is laid back on the
 * input grid. Padding is −∞, so it is never the maximum; rows no window reaches get no gradient.
 *
 * Fitlab pools 2×2 with stride 2: windows then tile the grid, and both layouts are a reshape and one
 * transpose (about as fast as WASM's own, wrong, kernel). Overlapping or gapped windows take strided slices instead,
 * and add each window pixel's share back with a shift: pixel i of a window lands on row s·oh + i =
 * s·(oh + q) + r for i = q·s + r, so pixels sharing a residue r sum after shifting by q windows, and the
 * residues interleave by one reshape. Correct for any stride and padding, but slower (WASM's strided slice
 * is slow); no Fitlab model takes that path.
 */
const maxPoolGrad: tf.KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs }) => {
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
    return tf.tidy(() => {
      const x = inputs.input as tf.Tensor4D;
      const dy = inputs.dy as tf.Tensor4D;
      const [b, h, w, c] = x.shape;
      const info = tf.backend_util.computePool2DInfo(x.shape, filterSize, strides, 1, pad, dimRoundingMode);
      const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
      const { top, left } = info.padInfo;
      const tiled = sh === kh && sw === kw;
      const xPadded = padTo(x, top, left, (oh - 1) * sh + kh, (ow - 1) * sw + kw, -Infinity);
      const windows = tiled
        ? tf.transpose(tf.reshape(xPadded, [b, oh, kh, ow, kw, c]), [0, 1, 3, 5, 2, 4])
        : tf.stack(windowPixels(xPadded, info), 4);
      // int32 one-hot, then cast: WASM's OneHot writes integer bits into a float32 output.
      const k = kh * kw;
      const first = k === 1 ? tf.ones([dy.size, 1]) : tf.cast(tf.oneHot(tf.argMax(tf.reshape(windows, [-1, k]), 1), k), 'float32');
      const shares = tf.mul(first, tf.reshape(dy, [-1, 1]));
      const grid = tiled
        ? (tf.reshape(tf.transpose(tf.reshape(shares, [b, oh, ow, c, kh, kw]), [0, 1, 4, 2, 5, 3]), [
            b,
            oh * kh,
            ow * kw,
            c,
          ]) as tf.Tensor4D)
        : placeShares(tf.unstack(tf.reshape(shares, [b, oh, ow, c, kh * kw]), 4) as tf.Tensor4D[], info);
      return padTo(grid, -top, -left, h, w, 0);
    });
  },
};

/** Pixel (i, j) of every window, for i, j in scan order: kh·kw tensors [b, oh, ow, c]. */
function windowPixels(xPadded: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor4D[] {
  const { batchSize: b, outHeight: oh, outWidth: ow, inChannels: c, strideHeight: sh, strideWidth: sw } = info;
  const out: tf.Tensor4D[] = [];
  for (let i = 0; i < info.filterHeight; i++) {
    for (let j = 0; j < info.filterWidth; j++) {
      out.push(tf.stridedSlice(xPadded, [0, i, j, 0], [b, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, c], [1, sh, sw, 1]) as tf.Tensor4D);
    }
  }
  return out;
}

/** Sums each window pixel's share back onto the padded input grid (rows s·(oh + q) + r, see above). */
function placeShares(shares: tf.Tensor4D[], info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const { batchSize: b, outHeight: oh, outWidth: ow, inChannels: c, strideHeight: sh, strideWidth: sw, filterWidth: kw } = info;
  const qh = Math.ceil(info.filterHeight / sh);
  const qw = Math.ceil(kw / sw);
  const byResidue: (tf.Tensor | undefined)[] = [];
  shares.forEach((share, k) => {
    const [i, j] = [Math.floor(k / kw), k % kw];
    const shifted = tf.pad(share, [
      [0, 0],
      [Math.floor(i / sh), qh - 1 - Math.floor(i / sh)],
      [Math.floor(j / sw), qw - 1 - Math.floor(j / sw)],
      [0, 0],
    ]);
    const r = (i % sh) * sw + (j % sw);
    byResidue[r] = byResidue[r] ? tf.add(byResidue[r], shifted) : shifted;
  });
  const [gh, gw] = [oh + qh - 1, ow + qw - 1];
  const residues = Array.from({ length: sh * sw }, (_, r) => byResidue[r] ?? tf.zeros([b, gh, gw, c]));
  // [sh·sw, b, gh, gw, c] → [b, gh, sh, gw, sw, c]: row s·g + r.
  return tf.reshape(tf.transpose(tf.reshape(tf.stack(residues), [sh, sw, b, gh, gw, c]), [2, 3, 0, 4, 1, 5]), [
    b,
    gh * sh,
    gw * sw,
    c,
  ]) as tf.Tensor4D;
}

/** A [b, c, h, w] tensor as [b, h, w, c]; a channels-last one as it is. */
function nhwc(t: tf.TensorInfo, format: 'channelsFirst' | 'channelsLast'): tf.Tensor4D {
  return format === 'channelsFirst' ? tf.transpose(t as tf.Tensor4D, [0, 2, 3, 1]) : (t as tf.Tensor4D);
}

/**
 * x with `top`/`left` rows/columns of `value` added (or rows/columns removed, when negative), then cut or
 * extended with `value` at the bottom/right to exactly height × width.
 */
function padTo(x: tf.Tensor4D, top: number, left: number, height: number, width: number, value: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  if (top === 0 && left === 0 && h === height && w === width) return x;
  const cut = tf.slice(
    x,
    [0, Math.max(0, -top), Math.max(0, -left), 0],
    [b, Math.min(h - Math.max(0, -top), height - Math.max(0, top)), Math.min(w - Math.max(0, -left), width - Math.max(0, left)), c],
  );
  const [, ch, cw] = cut.shape;
  const [pt, pl] = [Math.max(0, top), Math.max(0, left)];
  if (ch === height && cw === width && pt === 0 && pl === 0) return cut;
  return tf.pad(
    cut,
    [
      [0, 0],
      [pt, height - pt - ch],
      [pl, width - pl - cw],
      [0, 0],
    ],
    value,
  );
}

/**
 * UnsortedSegmentSum, missing on WASM: the gradient of tf.gather, which explanations use (saliency of one
 * class's logit). out[s] = Σ_{i: ids[i] = s} x[i], computed as oneHot(ids)ᵀ · x with x flattened to
 * [N, rest]: one matrix product, exact for the 0/1 weights.
 */
const unsortedSegmentSum: tf.KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs }) => {
    const { numSegments } = attrs as unknown as { numSegments: number };
    return tf.tidy(() => {
      const x = inputs.x as tf.Tensor;
      const ids = tf.reshape(inputs.segmentIds as tf.Tensor, [-1]);
      const n = ids.shape[0];
      const rest = x.shape.slice((inputs.segmentIds as tf.Tensor).shape.length);
      const flat = tf.reshape(tf.cast(x, 'float32'), [n, rest.reduce((a, b) => a * b, 1)]);
      const summed = tf.matMul(tf.oneHot(tf.cast(ids, 'int32'), numSegments).toFloat(), flat, true, false);
      // float32 whatever x's dtype, as the cpu backend returns it.
      return tf.reshape(summed, [numSegments, ...rest]);
    });
  },
};

const KERNELS: { kernel: tf.KernelConfig; replaces: boolean }[] = [
  { kernel: unsortedSegmentSum, replaces: false },
  { kernel: conv2DBackpropFilter, replaces: false },
  { kernel: conv2DBackpropInput, replaces: true },
  { kernel: maxPoolGrad, replaces: true },
];
