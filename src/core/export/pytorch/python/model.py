# ---------------------------------------------------------------- model


def activation(name, x):
    """TF.js's activations; elu uses alpha 1 and selu the constants of Klambauer et al., as TF.js does."""
    if name == "linear":
        return x
    if name == "relu":
        return F.relu(x)
    if name == "tanh":
        return torch.tanh(x)
    if name == "sigmoid":
        return torch.sigmoid(x)
    if name == "elu":
        return F.elu(x, alpha=1.0)
    if name == "selu":
        return torch.selu(x)
    if name == "softmax":
        return torch.softmax(x, dim=-1)
    raise ValueError("unknown activation " + name)


def init_kernel(w, name, fan_in, fan_out):
    """TF.js's VarianceScaling initialisers: normal ones are truncated at 2 std-devs, with no rescaling."""
    if name == "zeros":
        nn.init.zeros_(w)
        return
    scale, mode, normal = {
        "glorotUniform": (1.0, "avg", False),
        "glorotNormal": (1.0, "avg", True),
        "heNormal": (2.0, "in", True),
        "heUniform": (2.0, "in", False),
        "lecunNormal": (1.0, "in", True),
    }[name]
    fan = {"in": fan_in, "avg": (fan_in + fan_out) / 2}[mode]
    scale /= max(1.0, fan)
    with torch.no_grad():
        if normal:
            std = math.sqrt(scale)
            nn.init.trunc_normal_(w, 0.0, std, -2 * std, 2 * std)
        else:
            limit = math.sqrt(3 * scale)
            nn.init.uniform_(w, -limit, limit)


class Dense(nn.Linear):
    """tf.layers.dense. PyTorch stores the kernel transposed ([out, in]); weights.npz already is."""

    def __init__(self, spec):
        super().__init__(spec["in"], spec["units"], bias=spec["bias"])
        self.spec = spec
        init_kernel(self.weight, spec["init"], spec["in"], spec["units"])
        if self.bias is not None:
            nn.init.zeros_(self.bias)

    def forward(self, x):
        return activation(self.spec["activation"], super().forward(x))


class Conv(nn.Conv2d):
    """tf.layers.conv2d with 'valid' padding. TF.js's HWIO kernel becomes PyTorch's OIHW in weights.npz."""

    def __init__(self, spec):
        k = spec["kernel"]
        super().__init__(spec["in"], spec["filters"], k, stride=spec["strides"], padding=0, bias=spec["bias"])
        self.spec = spec
        init_kernel(self.weight, spec["init"], spec["in"] * k * k, spec["filters"] * k * k)
        if self.bias is not None:
            nn.init.zeros_(self.bias)

    def forward(self, x):
        return activation(self.spec["activation"], super().forward(x))


class BatchNorm(nn.Module):
    """
    tf.layers.batchNormalization (epsilon 1e-3, momentum 0.99). Written out rather than nn.BatchNorm*d
    because TF.js updates the moving variance with the batch's *biased* variance, where PyTorch uses the
    unbiased one: moving = moving - (moving - batch) * (1 - momentum).
    """

    def __init__(self, spec):
        super().__init__()
        c = spec["features"]
        self.eps = spec["epsilon"]
        self.momentum = spec["momentum"]
        self.weight = nn.Parameter(torch.ones(c))
        self.bias = nn.Parameter(torch.zeros(c))
        self.register_buffer("running_mean", torch.zeros(c))
        self.register_buffer("running_var", torch.ones(c))

    def forward(self, x):
        dims = [d for d in range(x.dim()) if d != 1]
        shape = [1, -1] + [1] * (x.dim() - 2)
        if self.training:
            mean = x.mean(dim=dims)
            var = x.var(dim=dims, unbiased=False)
            with torch.no_grad():
                decay = 1 - self.momentum
                self.running_mean.sub_((self.running_mean - mean) * decay)
                self.running_var.sub_((self.running_var - var) * decay)
        else:
            mean, var = self.running_mean, self.running_var
        inv = torch.rsqrt(var + self.eps) * self.weight
        return (x - mean.view(shape)) * inv.view(shape) + self.bias.view(shape)


class LeakyReLU(nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.alpha = spec["alpha"]

    def forward(self, x):
        return F.leaky_relu(x, self.alpha)


class PReLU(nn.Module):
    """tf.layers.prelu: max(0, x) + alpha * min(0, x), one alpha per unit, or per channel after a conv."""

    def __init__(self, spec):
        super().__init__()
        self.alpha = nn.Parameter(torch.full((spec["features"],), float(spec["alpha"])))

    def forward(self, x):
        a = self.alpha.view([1, -1] + [1] * (x.dim() - 2))
        return F.relu(x) - a * F.relu(-x)


class Activation(nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.name = spec["activation"]

    def forward(self, x):
        return activation(self.name, x)


class MaxPool(nn.MaxPool2d):
    """tf.layers.maxPooling2d, 'valid' padding: odd edges are dropped, as in PyTorch."""

    def __init__(self, spec):
        super().__init__(spec["pool"], stride=spec["strides"])


class Flatten(nn.Module):
    """TF.js flattens height, width, channel (NHWC); after convolutions (NCHW here) go back to that order first."""

    def __init__(self, spec):
        super().__init__()
        self.channels_first = spec["channels_first"]

    def forward(self, x):
        if self.channels_first:
            x = x.permute(0, 2, 3, 1)
        return x.reshape(x.shape[0], -1)


class Dropout(nn.Dropout):
    def __init__(self, spec):
        super().__init__(spec["rate"])


LAYER_TYPES = {"dense": Dense, "conv": Conv, "batchnorm": BatchNorm, "leaky": LeakyReLU, "prelu": PReLU,
               "activation": Activation, "maxpool": MaxPool, "flatten": Flatten, "dropout": Dropout}


class FitlabNet(nn.Module):
    """The browser's layers in order. Images arrive NHWC (as in TF.js) and turn NCHW before the first conv."""

    def __init__(self, specs):
        super().__init__()
        self.layers = nn.Sequential(OrderedDict((s["name"], LAYER_TYPES[s["type"]](s)) for s in specs))
        self.channels_first = any(s["type"] == "conv" for s in specs)

    def forward(self, x):
        if self.channels_first:
            x = x.permute(0, 3, 1, 2)
        return self.layers(x)

    def penalty(self):
        """Keras's kernel regularisers: l1 * sum|W| + l2 * sum(W^2) per kernel, added to the loss (not weight decay)."""
        total = 0.0
        for s, layer in zip(RUN["layers"], self.layers):
            if s.get("l1"):
                total = total + s["l1"] * layer.weight.abs().sum()
            if s.get("l2"):
                total = total + s["l2"] * layer.weight.pow(2).sum()
        return total


def build_model():
    return FitlabNet(RUN["layers"])


def count_parameters(model):
    """Counted as Fitlab counts: every weight, BN's moving mean and variance included."""
    return sum(v.numel() for v in model.state_dict().values())


def load_weights(model, path):
    with np.load(path) as z:
        state = {k: torch.from_numpy(z[k].copy()) for k in z.files}
    model.load_state_dict(state, strict=True)


def save_weights(model, path):
    np.savez(path, **{k: v.detach().cpu().numpy() for k, v in model.state_dict().items()})
