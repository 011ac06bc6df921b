# ---------------------------------------------------------------- optimisers


class TfjsOptimizer(torch.optim.Optimizer):
    """
    The update rules of TF.js 4.22's optimisers (and Fitlab's own Nadam and Adadelta), written out so every
    epsilon sits where TF.js puts it: PyTorch's RMSprop, Adagrad and Adamax place it differently. The rate
    lives in param_groups[0]["lr"], so a schedule sets it as for any PyTorch optimiser.
    """

    def __init__(self, params, lr, kind, momentum=0.9):
        super().__init__(params, dict(lr=lr))
        self.kind = kind
        self.momentum = momentum
        self.t = 0
        self.nadam_schedule = 1.0  # Π μ_1 … μ_t

    @torch.no_grad()
    def step(self):
        self.t += 1
        t, kind = self.t, self.kind
        if kind == "nadam":
            mu_t, mu_next = nadam_momentum(t), nadam_momentum(t + 1)
            schedule = self.nadam_schedule * mu_t
            g_coef = (1 - mu_t) / (1 - schedule)
            m_coef = mu_next / (1 - schedule * mu_next)
            self.nadam_schedule = schedule
        for group in self.param_groups:
            lr = group["lr"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g, state = p.grad, self.state[p]
                if kind == "sgd":
                    p.sub_(lr * g)
                elif kind in ("momentum", "nesterov"):
                    # accumulation = m * accumulation + g; nesterov steps along g + m * accumulation.
                    acc = state.setdefault("acc", torch.zeros_like(p))
                    acc.mul_(self.momentum).add_(g)
                    p.sub_(lr * (g + self.momentum * acc if kind == "nesterov" else acc))
                elif kind == "rmsprop":
                    # decay 0.9, no momentum, not centred; epsilon inside the square root.
                    ms = state.setdefault("ms", torch.zeros_like(p))
                    ms.mul_(0.9).add_(0.1 * g * g)
                    p.sub_(lr * g / torch.sqrt(ms + EPSILON))
                elif kind == "adam":
                    m = state.setdefault("m", torch.zeros_like(p))
                    v = state.setdefault("v", torch.zeros_like(p))
                    m.mul_(0.9).add_(0.1 * g)
                    v.mul_(0.999).add_(0.001 * g * g)
                    m_hat, v_hat = m / (1 - 0.9 ** t), v / (1 - 0.999 ** t)
                    p.sub_(lr * m_hat / (torch.sqrt(v_hat) + EPSILON))
                elif kind == "adamax":
                    m = state.setdefault("m", torch.zeros_like(p))
                    u = state.setdefault("u", torch.zeros_like(p))
                    m.mul_(0.9).add_(0.1 * g)
                    torch.maximum(u * 0.999, g.abs(), out=u)
                    p.sub_(lr / (1 - 0.9 ** t) * m / (u + EPSILON))
                elif kind == "nadam":
                    m = state.setdefault("m", torch.zeros_like(p))
                    v = state.setdefault("v", torch.zeros_like(p))
                    m.mul_(0.9).add_(0.1 * g)
                    v.mul_(0.999).add_(0.001 * g * g)
                    m_bar = g * g_coef + m * m_coef
                    p.sub_(lr * m_bar / (torch.sqrt(v / (1 - 0.999 ** t)) + EPSILON))
                elif kind == "adagrad":
                    # TF.js starts the accumulator at 0.1; epsilon inside the square root.
                    acc = state.setdefault("acc", torch.full_like(p, 0.1))
                    acc.add_(g * g)
                    p.sub_(lr * g / torch.sqrt(acc + EPSILON))
                elif kind == "adadelta":
                    # Zeiler's rule as Keras computes it (Fitlab's adadelta.ts): the NEW E[g²] in the denominator.
                    eg = state.setdefault("eg", torch.zeros_like(p))
                    ed = state.setdefault("ed", torch.zeros_like(p))
                    eg.mul_(0.95).add_(0.05 * g * g)
                    delta = torch.sqrt(ed + EPSILON) / torch.sqrt(eg + EPSILON) * g
                    ed.mul_(0.95).add_(0.05 * delta * delta)
                    p.sub_(lr * delta)
                else:
                    raise ValueError("unknown optimiser " + kind)


def nadam_momentum(t, beta1=0.9):
    """Keras's Nadam momentum schedule: mu_t = beta1 * (1 - 0.5 * 0.96 ** (0.004 * t))."""
    return beta1 * (1 - 0.5 * 0.96 ** (0.004 * t))


# ---------------------------------------------------------------- learning rate


def scheduled_lr(cfg, epoch, epochs):
    """The rate of a 1-based epoch (Fitlab's schedule.ts); 'plateau' starts at lr and ReduceLROnPlateau moves it."""
    lr, e, kind = cfg["lr"], epoch - 1, cfg["schedule"]
    if kind == "step":
        return lr * cfg["lr_factor"] ** (e // cfg["lr_every"])
    if kind == "exp":
        return lr * cfg["lr_decay"] ** e
    if kind == "cosine":
        return lr * 0.5 * (1 + math.cos(math.pi * e / max(1, epochs)))
    return lr


class ReduceLROnPlateau:
    """Keras's ReduceLROnPlateau(monitor='val_loss', min_delta=1e-4, cooldown=0); NaN readings are skipped."""

    def __init__(self, lr, factor, patience, min_lr):
        self.lr, self.factor, self.patience, self.min_lr = lr, factor, patience, min_lr
        self.best, self.wait = math.inf, 0

    def update(self, value):
        if math.isnan(value):
            return self.lr
        if value < self.best - 1e-4:
            self.best, self.wait = value, 0
            return self.lr
        self.wait += 1
        if self.wait >= self.patience:
            if self.lr > self.min_lr:
                self.lr = max(self.lr * self.factor, self.min_lr)
            self.wait = 0
        return self.lr


class EarlyStopping:
    """Keras's EarlyStopping: val_loss is minimised, val_acc maximised; NaN readings neither improve nor count."""

    def __init__(self, monitor, patience, min_delta):
        self.monitor, self.patience, self.min_delta = monitor, patience, min_delta
        self.best = math.inf if monitor == "val_loss" else -math.inf
        self.best_epoch, self.wait = None, 0

    def update(self, epoch, value):
        if math.isnan(value):
            return "wait"
        if self.monitor == "val_loss":
            improved = value + self.min_delta < self.best
        else:
            improved = value - self.min_delta > self.best
        if improved:
            self.best, self.best_epoch, self.wait = value, epoch, 0
            return "improved"
        self.wait += 1
        return "stop" if self.wait >= self.patience else "wait"
