"""Fitlab run __RUN_TITLE__, exported for PyTorch.

Rebuilds the model Fitlab trained in the browser, with the same data split, and either evaluates the
browser's weights (--evaluate) or trains from scratch with the run's settings. numpy and torch only.

  python train.py --evaluate             # the browser's weights on the test split
  python train.py [--epochs N] [--seed S] [--device auto|cpu|cuda]
  torchrun --nproc_per_node=4 train.py   # data-parallel (DistributedDataParallel)
"""
import argparse
import copy
import json
import math
import os
from collections import OrderedDict

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else os.getcwd()

# Everything Fitlab knew about the run: the layers, the training settings and the browser's test numbers.
RUN = json.loads(r"""
__RUN_CONFIG__
""")

# TF.js's float32 epsilon (tf.backend().epsilon()): optimisers and the cross-entropy clip use it.
EPSILON = 1e-7
