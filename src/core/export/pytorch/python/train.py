# ---------------------------------------------------------------- scoring


@torch.no_grad()
def predict(model, x, device, batch=256):
    """The model's outputs for every sample, in eval mode (dropout off, batch norm on its moving statistics)."""
    model.eval()
    parts = [model(torch.from_numpy(x[i:i + batch]).to(device)).float().cpu() for i in range(0, len(x), batch)]
    return torch.cat(parts).numpy() if parts else np.zeros((0, 1), np.float32)


def score(outputs, y):
    """
    Fitlab's scores.ts in float64: the loss without the regularisation penalty; classification clips the
    probability of the true class to [1e-7, 1 - 1e-7] before the log (Keras's cross-entropy), and the
    prediction is the first highest probability. Regression: R² as sklearn's r2_score (force_finite).
    """
    n = len(y)
    if n == 0:
        return {"loss": math.nan, "acc": math.nan}
    out = outputs.astype(np.float64)
    if RUN["task"] == "regression":
        err = y.astype(np.float64) - out[:, 0]
        mse, mae = float(np.mean(err ** 2)), float(np.mean(np.abs(err)))
        yt = y.astype(np.float64)
        ss_tot = float(np.sum((yt - yt.mean()) ** 2))
        ss_res = float(np.sum(err ** 2))
        r2 = (1 - ss_res / ss_tot) if ss_tot > 0 else (1.0 if ss_res == 0 else 0.0)
        loss = mae if RUN["train"]["reg_loss"] == "mae" else mse
        return {"loss": loss, "acc": r2, "mse": mse, "mae": mae}
    p = np.clip(out[np.arange(n), y], EPSILON, 1 - EPSILON)
    return {"loss": float(-np.mean(np.log(p))), "acc": float(np.mean(np.argmax(out, axis=1) == y))}


def test_line(s):
    if RUN["task"] == "regression":
        return {"test_r2": s["acc"], "test_mse": s["mse"], "test_mae": s["mae"], "test_loss": s["loss"]}
    return {"test_accuracy": s["acc"], "test_loss": s["loss"]}


def batch_loss(outputs, yb, sample_weight):
    """Per batch, as Fitlab's loop.ts: (reported data loss, metric, loss to minimise before the penalty)."""
    if RUN["task"] == "regression":
        err = outputs[:, 0] - yb
        mse = (err ** 2).mean()
        loss = err.abs().mean() if RUN["train"]["reg_loss"] == "mae" else mse
        return loss, mse, loss
    # tf.metrics.categoricalCrossentropy: renormalise, clip to [eps, 1 - eps], then -log of the true class.
    p = outputs / outputs.sum(dim=-1, keepdim=True)
    p = p.clamp(EPSILON, 1 - EPSILON).gather(1, yb[:, None])[:, 0]
    per_sample = -torch.log(p)
    acc = (outputs.argmax(dim=1) == yb).float().mean()
    # Class weights as Keras's class_weight: the mean of weight x loss; the reported loss stays unweighted.
    minimised = (per_sample * sample_weight).mean() if sample_weight is not None else per_sample.mean()
    return per_sample.mean(), acc, minimised


def balanced_class_weights(y, k):
    """scikit-learn's compute_class_weight('balanced'): n / (K_present * n_k); 0 for an absent class."""
    counts = np.bincount(y, minlength=k)
    present = int((counts > 0).sum())
    return np.where(counts > 0, len(y) / (present * np.maximum(counts, 1)), 0.0).astype(np.float32)


# ---------------------------------------------------------------- augmentation (training batches only)


def augment(x, a, gen):
    """
    Fitlab's augment.ts on an NHWC batch in [0, 1]: a random flip, rotation (degrees) and shift (pixels)
    composed into one affine map sampled bilinearly with edge pixels repeated outside (tf.image.transform,
    'bilinear', 'nearest'), then brightness/contrast, then gaussian noise, clipped back to [0, 1].
    """
    b, h, w, _ = x.shape
    dev = x.device
    u = lambda lo, hi: lo + (hi - lo) * torch.rand(b, generator=gen).to(dev)
    out = x
    if a["flip"] or a["rotate_deg"] > 0 or a["shift_px"] > 0:
        f = torch.where(torch.rand(b, generator=gen) < 0.5, -1.0, 1.0).to(dev) if a["flip"] else torch.ones(b, device=dev)
        theta = u(-a["rotate_deg"], a["rotate_deg"]) * math.pi / 180
        tx, ty = u(-a["shift_px"], a["shift_px"]), u(-a["shift_px"], a["shift_px"])
        cx, cy = (w - 1) / 2, (h - 1) / 2
        cos, sin = torch.cos(theta), torch.sin(theta)
        # Each output pixel (px, py) reads the input at (a0 px + a1 py + a2, b0 px + b1 py + b2).
        a0, a1, a2 = f * cos, f * sin, cx - f * (cos * (tx + cx) + sin * (ty + cy))
        b0, b1, b2 = -sin, cos, cy + sin * (tx + cx) - cos * (ty + cy)
        py, px = torch.meshgrid(torch.arange(h, device=dev, dtype=x.dtype), torch.arange(w, device=dev, dtype=x.dtype), indexing="ij")
        sx = a0[:, None, None] * px + a1[:, None, None] * py + a2[:, None, None]
        sy = b0[:, None, None] * px + b1[:, None, None] * py + b2[:, None, None]
        out = bilinear_nearest(out, sx, sy)
    if a["brightness"] > 0:
        contrast = 1 + u(-a["brightness"], a["brightness"])
        shift = u(-a["brightness"], a["brightness"])
        mean = out.mean(dim=(1, 2, 3), keepdim=True)
        out = (out - mean) * contrast[:, None, None, None] + mean + shift[:, None, None, None]
    if a["noise_sd"] > 0:
        out = out + a["noise_sd"] * torch.randn(out.shape, generator=gen).to(dev)
    return out.clamp(0, 1) if out is not x else x


def bilinear_nearest(x, sx, sy):
    b, h, w, c = x.shape
    sx, sy = sx.clamp(0, w - 1), sy.clamp(0, h - 1)
    x0, y0 = sx.floor().long(), sy.floor().long()
    x1, y1 = (x0 + 1).clamp(max=w - 1), (y0 + 1).clamp(max=h - 1)
    wx, wy = (sx - x0)[..., None], (sy - y0)[..., None]
    flat = x.reshape(b, h * w, c)
    pick = lambda yy, xx: flat.gather(1, (yy * w + xx).reshape(b, -1, 1).expand(-1, -1, c)).reshape(b, h, w, c)
    top = pick(y0, x0) * (1 - wx) + pick(y0, x1) * wx
    bottom = pick(y1, x0) * (1 - wx) + pick(y1, x1) * wx
    return top * (1 - wy) + bottom * wy
