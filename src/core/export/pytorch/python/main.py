# ---------------------------------------------------------------- training


def divergence(loss):
    """Fitlab's divergence checks: a non-finite loss, or far worse than a uniform guess / the mean's error."""
    if not math.isfinite(loss):
        return True
    if RUN["task"] == "regression":
        spread = RUN["train"]["target_variance"] or 1.0
        mae = RUN["train"]["reg_loss"] == "mae"
        return loss > (10 * math.sqrt(spread) if mae else 100 * spread)
    return loss > 3 * math.log(max(2, len(RUN["class_names"])))


def reduce_sums(values, device):
    """Sums per-rank numbers over every rank (a no-op in one process)."""
    t = torch.tensor(values, dtype=torch.float64, device=device)
    if dist.is_available() and dist.is_initialized():
        dist.all_reduce(t)
    return t.tolist()


def train(model, data, cfg, epochs, seed, device, rank, world, emit):
    net = model
    if world > 1:
        ids = [device.index] if device.type == "cuda" else None
        net = nn.parallel.DistributedDataParallel(model, device_ids=ids)
    opt = TfjsOptimizer(net.parameters(), cfg["lr"], cfg["optimizer"], cfg["momentum"])
    plateau = ReduceLROnPlateau(cfg["lr"], cfg["lr_factor"], cfg["lr_patience"], cfg["min_lr"]) if cfg["schedule"] == "plateau" else None
    stopper = EarlyStopping(cfg["es_monitor"], cfg["es_patience"], cfg["es_min_delta"]) if cfg["early_stop"] else None
    x_train, y_train = data["train"]
    x_val, y_val = data["val"]
    weights = None
    if cfg["class_weights"] and RUN["task"] == "classification":
        weights = torch.from_numpy(balanced_class_weights(y_train, len(RUN["class_names"]))).to(device)
    # The global batch stays the browser's: each of the `world` ranks takes its share of it.
    batch = max(1, min(cfg["batch_size"], len(x_train)) // world)
    sampler = torch.utils.data.distributed.DistributedSampler(range(len(x_train)), num_replicas=world, rank=rank, shuffle=True, seed=seed)
    gen = torch.Generator().manual_seed(seed * 1000 + rank)
    good, best = copy.deepcopy(model.state_dict()), None
    for epoch in range(1, epochs + 1):
        lr = plateau.lr if plateau else scheduled_lr(cfg, epoch, epochs)
        for g in opt.param_groups:
            g["lr"] = lr
        sampler.set_epoch(epoch)
        order = np.fromiter(iter(sampler), dtype=np.int64)
        net.train()
        sums = [0.0, 0.0, 0.0]  # loss x size, metric x size, size
        for start in range(0, len(order), batch):
            idx = order[start:start + batch]
            xb = torch.from_numpy(x_train[idx]).to(device)
            yb = torch.from_numpy(y_train[idx]).to(device)
            if cfg["augment"] and xb.dim() == 4:
                xb = augment(xb, cfg["augment"], gen)
            out = net(xb)
            sw = weights[yb] if weights is not None else None
            loss, metric, minimised = batch_loss(out, yb, sw)
            opt.zero_grad()
            (minimised + model.penalty()).backward()
            opt.step()
            n = len(idx)
            sums[0] += float(loss) * n
            sums[1] += float(metric) * n
            sums[2] += n
        loss_sum, metric_sum, seen = reduce_sums(sums, device)
        train_loss = loss_sum / seen
        train_acc = metric_sum / seen
        if RUN["task"] == "regression":
            # The batch metric is the MSE: R² = 1 - MSE / Var(training targets), as Fitlab's loop reports it.
            var = RUN["train"]["target_variance"]
            train_acc = 1 - train_acc / var if var > 0 else (1.0 if train_acc == 0 else 0.0)
        v = score(predict(model, x_val, device), y_val)
        record = {"epoch": epoch, "loss": train_loss, "acc": train_acc, "val_loss": v["loss"], "val_acc": v["acc"], "lr": lr}
        if divergence(train_loss):
            model.load_state_dict(good)
            emit(record)
            emit({"diverged": "The training loss blew up at epoch %d: the last good weights are kept. Try a lower learning rate." % epoch})
            return
        good = copy.deepcopy(model.state_dict())
        if plateau:
            plateau.update(v["loss"])
        if stopper:
            decision = stopper.update(epoch, record[cfg["es_monitor"]])
            if decision == "improved" and cfg["es_restore"]:
                best = copy.deepcopy(model.state_dict())
            elif decision == "stop":
                if best is not None:
                    model.load_state_dict(best)
                record["early_stop"] = {"restored_epoch": stopper.best_epoch if best is not None else None}
                emit(record)
                return
        emit(record)


# ---------------------------------------------------------------- command line


def clean(record):
    """JSON has no NaN: a missing reading (no validation split) prints as null."""
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in record.items()}


def main(argv=None):
    ap = argparse.ArgumentParser(description="Fitlab run, exported for PyTorch.")
    ap.add_argument("--evaluate", action="store_true", help="evaluate weights.npz on the test split and exit")
    ap.add_argument("--weights", default=os.path.join(HERE, "weights.npz"), help="weights --evaluate loads")
    ap.add_argument("--data", default=os.path.join(HERE, "data.npz"), help="the data arrays (data.npz)")
    ap.add_argument("--epochs", type=int, default=RUN["train"]["epochs"])
    ap.add_argument("--seed", type=int, default=RUN["train"]["seed"])
    ap.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    ap.add_argument("--out", default=os.path.join(HERE, "trained_weights.npz"), help="where training saves its weights")
    args = ap.parse_args(argv)

    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    cuda = args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available())
    if cuda:
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
        torch.cuda.set_device(device)
    else:
        device = torch.device("cpu")
    if world > 1 and not dist.is_initialized():
        # torchrun sets RANK, WORLD_SIZE and the rendezvous; NCCL between GPUs, gloo between CPU processes.
        dist.init_process_group("nccl" if cuda else "gloo")
    emit = (lambda r: print(json.dumps(clean(r)), flush=True)) if rank == 0 else (lambda r: None)

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    data = load_data(args.data)
    model = build_model().to(device)
    if args.evaluate:
        load_weights(model, args.weights)
    else:
        train(model, data, RUN["train"], args.epochs, args.seed, device, rank, world, emit)
        if rank == 0:
            save_weights(model, args.out)
    x_test, y_test = data["test"]
    emit(test_line(score(predict(model, x_test, device), y_test)))
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
