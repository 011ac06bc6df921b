# ---------------------------------------------------------------- data


def load_data(path=None):
    """The arrays the browser used, after its split, train-size cap, label noise, imbalance and standardisation."""
    path = path or os.path.join(HERE, "data.npz")
    with np.load(path) as z:
        arrays = {k: z[k] for k in z.files}
    out = {}
    for split in ("train", "val", "test"):
        x = arrays["x_" + split]
        if x.dtype == np.uint8:
            # 8-bit pixels are stored as bytes; the browser scaled them to [0, 1] as float64 then float32.
            x = (x.astype(np.float64) / 255.0).astype(np.float32)
        y = arrays["y_" + split]
        y = y.astype(np.float32) if RUN["task"] == "regression" else y.astype(np.int64)
        out[split] = (x.astype(np.float32, copy=False), y)
    return out
