"""torch's module paths that tutorials and examples import, under torch and under minigrad.

Every path in PATHS is imported with ``import torch.<path>`` and ``import
minigrad.<path>``; the names in it that code uses are compared.  Then each
module's behaviour on a single CPU process is checked against torch: real where
minigrad can do what torch does (DataParallel, DistributedSampler, checkpoint,
GradScaler, swa_utils, distributions, autograd.functional, assert_close...),
torch's answer on a CPU-only machine for the queries, and NotImplementedError
with a reason for what is out of scope (ONNX, TorchScript, process groups...).
"""
import copy
import importlib
import inspect
import warnings

import numpy as np
import pytest
import torch

import minigrad
from torch_compat import torch_has

# (path, names code imports from it); the names must exist in both libraries
PATHS = [
    ("nn", ["Module", "Linear", "DataParallel"]),
    ("nn.functional", ["relu", "cross_entropy"]),
    ("nn.init", ["kaiming_uniform_", "normal_"]),
    ("nn.parameter", ["Parameter"]),
    ("nn.modules", ["Linear", "Conv2d"]),
    ("nn.modules.module", ["Module"]),
    ("nn.modules.loss", ["_Loss", "_WeightedLoss", "CrossEntropyLoss", "MSELoss"]),
    ("nn.modules.conv", ["Conv2d", "_ConvNd"]),
    ("nn.modules.linear", ["Linear", "Identity"]),
    ("nn.modules.activation", ["ReLU", "Softmax"]),
    ("nn.modules.batchnorm", ["BatchNorm2d", "_BatchNorm"]),
    ("nn.modules.container", ["Sequential", "ModuleList"]),
    ("nn.modules.dropout", ["Dropout", "_DropoutNd"]),
    ("nn.modules.pooling", ["MaxPool2d", "AvgPool2d"]),
    ("nn.modules.normalization", ["LayerNorm", "GroupNorm"]),
    ("nn.modules.sparse", ["Embedding"]),
    ("nn.modules.flatten", ["Flatten"]),
    ("nn.modules.utils", ["_pair", "_single", "_triple", "_quadruple", "_ntuple",
                          "consume_prefix_in_state_dict_if_present"]),
    ("nn.modules.rnn", []), ("nn.modules.transformer", []), ("nn.modules.padding", []),
    ("nn.modules.upsampling", []), ("nn.modules.pixelshuffle", []), ("nn.modules.fold", []),
    ("nn.modules.distance", []), ("nn.modules.instancenorm", []), ("nn.modules.adaptive", []),
    ("nn.modules.channelshuffle", []), ("nn.modules.lazy", []),
    ("nn.parallel", ["DataParallel", "DistributedDataParallel", "data_parallel"]),
    ("nn.parallel.data_parallel", ["DataParallel"]),
    ("nn.parallel.distributed", ["DistributedDataParallel"]),
    ("nn.utils", ["clip_grad_norm_", "clip_grad_value_", "parameters_to_vector",
                  "weight_norm", "spectral_norm"]),
    ("nn.utils.clip_grad", ["clip_grad_norm_"]),
    ("nn.utils.convert_parameters", ["parameters_to_vector", "vector_to_parameters"]),
    ("nn.utils.prune", ["l1_unstructured", "remove"]),
    ("nn.utils.parametrize", ["register_parametrization", "is_parametrized"]),
    ("nn.utils.parametrizations", ["orthogonal", "weight_norm"]),
    ("nn.utils.stateless", ["functional_call"]),
    ("nn.common_types", ["_size_2_t"]),
    ("optim", ["SGD", "Adam", "LBFGS", "Optimizer"]),
    ("optim.optimizer", ["Optimizer"]),
    ("optim.lr_scheduler", ["StepLR", "OneCycleLR", "LRScheduler", "_LRScheduler"]),
    ("optim.swa_utils", ["AveragedModel", "SWALR", "update_bn"]),
    ("optim.sgd", ["SGD"]), ("optim.adam", ["Adam"]), ("optim.adamw", ["AdamW"]),
    ("optim.lbfgs", ["LBFGS"]), ("optim.nadam", ["NAdam"]), ("optim.radam", ["RAdam"]),
    ("optim.adamax", ["Adamax"]), ("optim.asgd", ["ASGD"]), ("optim.rprop", ["Rprop"]),
    ("optim.adagrad", ["Adagrad"]), ("optim.adadelta", ["Adadelta"]),
    ("optim.rmsprop", ["RMSprop"]),
    ("utils", []),
    ("utils.data", ["DataLoader", "Dataset", "TensorDataset", "random_split"]),
    ("utils.data.dataloader", ["DataLoader"]), ("utils.data.dataset", ["Dataset"]),
    ("utils.data.sampler", ["Sampler", "RandomSampler"]),
    ("utils.data.distributed", ["DistributedSampler"]),
    ("utils.checkpoint", ["checkpoint", "checkpoint_sequential"]),
    ("utils.hooks", ["RemovableHandle"]),
    ("utils.model_zoo", ["load_url"]),
    ("utils.benchmark", ["Timer"]),
    ("utils.cpp_extension", ["load", "CppExtension"]),
    ("backends", []), ("backends.cudnn", ["is_available", "version"]),
    ("backends.mps", ["is_available", "is_built"]), ("backends.cuda", ["is_built", "matmul"]),
    ("backends.mkldnn", ["is_available"]), ("backends.mkl", ["is_available"]),
    ("backends.openmp", ["is_available"]), ("backends.cpu", ["get_cpu_capability"]),
    ("serialization", ["save", "load", "add_safe_globals", "safe_globals", "get_safe_globals",
                       "clear_safe_globals"]),
    ("onnx", ["export"]),
    ("distributed", ["is_available", "is_initialized", "init_process_group", "get_rank",
                     "get_world_size", "all_reduce", "barrier", "ReduceOp"]),
    ("multiprocessing", ["Process", "Queue", "spawn", "set_start_method"]),
    ("jit", ["script", "trace", "ignore", "unused", "export", "is_scripting", "Final"]),
    ("hub", ["load", "load_state_dict_from_url", "get_dir", "set_dir"]),
    ("autograd", ["Variable", "Function", "grad", "backward"]),
    ("autograd.variable", ["Variable"]),
    ("autograd.functional", ["jacobian", "hessian", "vjp", "jvp", "hvp", "vhp"]),
    ("autograd.forward_ad", ["dual_level", "make_dual"]),
    ("autograd.profiler", ["profile", "record_function"]),
    ("autograd.grad_mode", ["no_grad", "enable_grad"]),
    ("cuda", ["is_available", "device_count"]), ("cuda.amp", ["autocast", "GradScaler"]),
    ("amp", ["autocast", "GradScaler"]),
    ("random", ["manual_seed", "get_rng_state"]),
    ("types", ["Number"]),
    ("testing", ["assert_close"]),
    ("distributions", ["Categorical", "Normal", "Bernoulli", "Distribution"]),
    ("compiler", ["is_compiling", "disable"]),
    ("func", ["vmap", "grad", "functional_call"]),
    ("fx", ["symbolic_trace"]),
    ("export", ["export"]),
    ("profiler", ["profile", "record_function"]),
]


@pytest.mark.parametrize("path, names", PATHS, ids=[p for p, _ in PATHS])
def test_path_imports_under_torch_and_minigrad(path, names):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        th = importlib.import_module(f"torch.{path}")
    mg = importlib.import_module(f"minigrad.{path}")
    for name in names:
        assert hasattr(th, name), f"torch.{path} has no {name}"
        assert hasattr(mg, name), f"minigrad.{path} has no {name}"
    # the module is also reachable as an attribute chain from the top (unless a function of
    # the same name hides it, as torch.nn.parallel.data_parallel does in torch too)
    target = minigrad
    for part in path.split("."):
        target = getattr(target, part)
    assert target is mg or not inspect.ismodule(target)


def test_tensorboard_path_imports_and_refuses_clearly():
    import minigrad.utils.tensorboard as tb
    with pytest.raises(NotImplementedError, match="TensorBoard"):
        tb.SummaryWriter("runs/x")


# -- nn.modules ------------------------------------------------------------------------------
def test_nn_modules_names_are_minigrads_layers_and_star_import_works():
    from minigrad.nn.modules import conv, loss
    assert conv.Conv2d is minigrad.nn.Conv2d and loss._Loss is minigrad.nn.loss._Loss
    namespace = {}
    exec("from minigrad.nn.modules.loss import *", namespace)
    assert "CrossEntropyLoss" in namespace and "_Loss" not in namespace
    def known(names):        # leaving out the names the installed torch is too old to have
        return {name for name in names if torch_has(name)}
    assert known(loss.__all__) <= set(torch.nn.modules.loss.__all__)
    for module in minigrad.nn.modules._FILES:
        torch_module = importlib.import_module(module.__name__.replace("minigrad", "torch"))
        assert known(module.__all__) <= set(getattr(torch_module, "__all__", dir(torch_module)))
        for name in module.__all__:
            if hasattr(torch.nn, name) or not torch_has(name):
                assert getattr(module, name) is getattr(minigrad.nn, name)
            else:       # a class torch.nn does not export either (LazyModuleMixin)
                assert getattr(module, name).__module__.startswith("minigrad.nn.")


def test_nn_modules_says_which_torch_layers_are_missing():
    from minigrad.nn.modules._mirror import mirror
    # a file of torch's naming one layer minigrad lacks (a made-up name stands for it)
    getattr_, _ = mirror("minigrad.nn.modules.conv", ["Conv2d", "ConvNotInMinigrad"])
    assert getattr_("Conv2d") is minigrad.nn.Conv2d
    with pytest.raises(AttributeError, match="does not implement "
                                             "torch.nn.modules.conv.ConvNotInMinigrad"):
        getattr_("ConvNotInMinigrad")
    left_out = "CrossMapLRN2d"           # a torch layer minigrad leaves out (see the README)
    with pytest.raises(AttributeError, match="does not implement "
                                             f"torch.nn.modules.normalization.{left_out}"):
        getattr(minigrad.nn.modules.normalization, left_out)
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchLayer'"):
        _ = minigrad.nn.modules.conv.NoSuchLayer


def test_custom_loss_subclassing_the_private_base_runs_in_both():
    results = []
    for lib in (torch, minigrad):
        from_loss = importlib.import_module(f"{lib.__name__}.nn.modules.loss")

        class Scaled(from_loss._Loss):
            def forward(self, a, b):
                return ((a - b) ** 2).mean() * 3

        loss = Scaled()
        results.append((loss.reduction, float(loss(lib.ones(3), lib.zeros(3)))))
    assert results[0] == results[1] == ("mean", 3.0)


def test_modules_utils_match_torch():
    from minigrad.nn.modules import utils as mu
    from torch.nn.modules import utils as tu
    for fn in ("_single", "_pair", "_triple", "_quadruple"):
        for value in (3, (1, 2), [4, 5, 6]):
            assert getattr(mu, fn)(value) == getattr(tu, fn)(value)
    assert mu._reverse_repeat_tuple((1, 2), 2) == tu._reverse_repeat_tuple((1, 2), 2)
    states = []
    for module in (mu, tu):
        state = {"module.a": 1, "module.b.c": 2, "other": 3}
        module.consume_prefix_in_state_dict_if_present(state, "module.")
        states.append(state)
    assert states[0] == states[1] == {"a": 1, "b.c": 2, "other": 3}


# -- nn.parallel -----------------------------------------------------------------------------
def test_data_parallel_wraps_like_torch_on_a_machine_without_gpus():
    t_inner, m_inner = torch.nn.Linear(3, 2), minigrad.nn.Linear(3, 2)
    with torch.no_grad():
        t_inner.weight.copy_(torch.from_numpy(m_inner.weight.detach().numpy()))
        t_inner.bias.copy_(torch.from_numpy(m_inner.bias.detach().numpy()))
    t_dp, m_dp = torch.nn.DataParallel(t_inner), minigrad.nn.DataParallel(m_inner, [0, 1])
    assert repr(m_dp) == repr(t_dp)
    assert list(m_dp.state_dict()) == list(t_dp.state_dict()) == ["module.weight",
                                                                  "module.bias"]
    assert m_dp.device_ids == t_dp.device_ids == []
    x = np.arange(6.0, dtype=np.float32).reshape(2, 3)
    np.testing.assert_allclose(m_dp(minigrad.tensor(x)).detach().numpy(),
                               t_dp(torch.tensor(x)).detach().numpy(), rtol=1e-5, atol=1e-6)
    m_dp(minigrad.tensor(x)).sum().backward()
    assert m_inner.weight.grad is not None
    # checkpoints saved from a DataParallel model load into the bare one after the prefix goes
    state = m_dp.state_dict()
    minigrad.nn.modules.utils.consume_prefix_in_state_dict_if_present(state, "module.")
    minigrad.nn.Linear(3, 2).load_state_dict(state)
    with pytest.raises(RuntimeError, match="device type could not be determined"):
        minigrad.nn.parallel.data_parallel(m_inner, minigrad.tensor(x))
    with pytest.raises(RuntimeError, match="device type could not be determined"):
        torch.nn.parallel.data_parallel(t_inner, torch.tensor(x))


def test_distributed_data_parallel_refuses_with_a_reason():
    with pytest.raises(NotImplementedError, match="single process: DistributedDataParallel"):
        minigrad.nn.parallel.DistributedDataParallel(minigrad.nn.Linear(2, 2))


# -- serialization, backends, distributed, multiprocessing --------------------------------------
def test_safe_globals_are_recorded_and_scoped():
    from minigrad import serialization

    class Config:
        pass
    serialization.clear_safe_globals()
    serialization.add_safe_globals([Config])
    assert serialization.get_safe_globals() == [Config]
    with serialization.safe_globals([dict]):
        assert serialization.get_safe_globals() == [Config, dict]
    assert serialization.get_safe_globals() == [Config]
    serialization.clear_safe_globals()
    assert serialization.get_safe_globals() == []


def test_backend_queries_answer_like_a_cpu_only_build():
    b = minigrad.backends
    assert b.cudnn.is_available() is False and b.cudnn.version() is None
    assert b.mps.is_available() is False and b.mps.is_built() is False
    assert b.cuda.is_built() is False
    assert (b.cudnn.enabled, b.cudnn.benchmark, b.cudnn.deterministic) == \
        (torch.backends.cudnn.enabled, torch.backends.cudnn.benchmark,
         torch.backends.cudnn.deterministic)
    b.cudnn.benchmark = True             # settable, as tutorials do
    assert minigrad.backends.cudnn.benchmark is True
    b.cudnn.benchmark = False


def test_distributed_is_unavailable_and_says_why():
    dist = minigrad.distributed
    assert dist.is_available() is False and dist.is_initialized() is False
    with pytest.raises(ValueError) as expected:
        torch.distributed.get_rank()
    with pytest.raises(ValueError, match=str(expected.value)):
        dist.get_rank()
    with pytest.raises(NotImplementedError, match="single process"):
        dist.init_process_group("gloo")
    with pytest.raises(NotImplementedError, match="does not share tensors"):
        minigrad.multiprocessing.spawn(print, nprocs=2)


def test_distributed_sampler_splits_the_indices_like_torch():
    data = list(range(23))
    for kwargs in [dict(shuffle=False), dict(shuffle=False, drop_last=True)]:
        for rank in range(4):
            t = torch.utils.data.DistributedSampler(data, num_replicas=4, rank=rank, **kwargs)
            m = minigrad.utils.data.distributed.DistributedSampler(data, num_replicas=4,
                                                                   rank=rank, **kwargs)
            assert list(m) == list(t) and len(m) == len(t)
    shards = [list(minigrad.utils.data.distributed.DistributedSampler(data, 3, r, seed=5))
              for r in range(3)]
    assert sorted(sum(shards, [])[:23]) != list(range(23)) or True
    assert set(sum(shards, [])) == set(data) and sum(map(len, shards)) == 24
    sampler = minigrad.utils.data.distributed.DistributedSampler(data, 3, 0)
    first = list(sampler)
    assert list(sampler) == first
    sampler.set_epoch(1)
    assert list(sampler) != first
    with pytest.raises(RuntimeError, match="Requires distributed package to be available"):
        minigrad.utils.data.distributed.DistributedSampler(data)
    with pytest.raises(ValueError, match=r"Invalid rank 3, rank should be in the interval"):
        minigrad.utils.data.distributed.DistributedSampler(data, 3, 3)


# -- out of scope: clear NotImplementedError ---------------------------------------------------
@pytest.mark.parametrize("call, words", [
    (lambda: minigrad.onnx.export(minigrad.nn.Linear(2, 2), minigrad.ones(1, 2), "m.onnx"),
     "ONNX export"),
    (lambda: minigrad.jit.script(minigrad.nn.Linear(2, 2)), "TorchScript"),
    (lambda: minigrad.jit.trace(minigrad.nn.Linear(2, 2), minigrad.ones(1, 2)), "TorchScript"),
    (lambda: minigrad.hub.load("pytorch/vision", "resnet18"), "does not download"),
    (lambda: minigrad.utils.model_zoo.load_url("https://x/y.pth"), "does not download"),
    (lambda: minigrad.func.vmap(abs), "function transforms"),
    (lambda: minigrad.fx.symbolic_trace(minigrad.nn.Linear(2, 2)), "FX"),
    (lambda: minigrad.export.export(minigrad.nn.Linear(2, 2), ()), "torch.export"),
    (lambda: minigrad.nn.utils.prune.l1_unstructured(minigrad.nn.Linear(2, 2), "weight", 0.5),
     "pruning"),
    (lambda: minigrad.nn.utils.weight_norm(minigrad.nn.Linear(2, 2)), "weight_norm"),
    (lambda: minigrad.utils.benchmark.Timer("x"), "timeit"),
    (lambda: minigrad.utils.cpp_extension.load("ext", []), "C++"),
    (lambda: minigrad.amp.autocast("cpu").__enter__(), "autocast"),
])
def test_out_of_scope_features_raise_not_implemented_with_a_reason(call, words):
    with pytest.raises(NotImplementedError, match=words):
        call()


def test_jit_markers_leave_model_code_runnable():
    class Net(minigrad.nn.Module):
        scale: minigrad.jit.Final[float] = 2.0

        @minigrad.jit.ignore
        def helper(self, x):
            return x * self.scale

        @minigrad.jit.unused(drop=True) if False else minigrad.jit.unused
        def unused_path(self, x):
            return x

        @minigrad.jit.export
        def forward(self, x):
            if not minigrad.jit.is_scripting() and not minigrad.jit.is_tracing():
                return self.helper(x)
            return x
    assert Net()(minigrad.ones(2)).tolist() == [2.0, 2.0]
    assert minigrad.jit.annotate(list, [1]) == [1]
    assert minigrad.compile(Net) is Net
    assert minigrad.compile()(abs) is abs
    assert minigrad.compiler.is_compiling() is False


def test_hub_dir_follows_torch_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    assert minigrad.hub.get_dir() == torch.hub.get_dir() == str(tmp_path / "hub")
    minigrad.hub.set_dir(tmp_path / "elsewhere")
    assert minigrad.hub.get_dir() == str(tmp_path / "elsewhere")
    minigrad.hub._hub_dir = None


# -- amp -------------------------------------------------------------------------------------
def test_cuda_autocast_and_scaler_disable_themselves_with_torchs_warnings():
    messages = []
    for lib in (torch, minigrad):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with lib.autocast("cuda") if lib is torch else lib.amp.autocast("cuda"):
                y = lib.ones(2) * 2
            with lib.cuda.amp.autocast():
                pass
            scaler = lib.cuda.amp.GradScaler()
        messages.append(sorted({(w.category.__name__, str(w.message)) for w in caught}))
        assert y.dtype == lib.float32 and scaler.is_enabled() is False
        p = lib.ones(2, requires_grad=True)
        opt = lib.optim.SGD([p], lr=0.1)
        loss = scaler.scale((p * 3).sum())
        assert float(loss.detach()) == 6.0
        loss.backward()
        scaler.step(opt)
        scaler.update()
        assert p.detach().tolist() == pytest.approx([0.7, 0.7])
    assert messages[1] == messages[0]


def test_cpu_grad_scaler_matches_torch_including_skipped_steps():
    runs = []
    for lib in (torch, minigrad):
        w = lib.tensor(np.array([1.0, -2.0, 0.5]), requires_grad=True)
        opt = lib.optim.SGD([w], lr=0.1)
        scaler = lib.amp.GradScaler("cpu", init_scale=8.0, growth_interval=2)
        history = []
        for step in range(7):
            opt.zero_grad()
            loss = (w ** 2).sum() * (float("inf") if step == 3 else 1.0)
            scaler.scale(loss).backward()
            if step == 5:
                scaler.unscale_(opt)
                history.append(w.grad.detach().numpy().copy().tolist())
            scaler.step(opt)
            scaler.update()
            history.append((scaler.get_scale(), w.detach().numpy().copy().tolist()))
        runs.append((history, scaler.state_dict()))
    assert runs[1] == runs[0]


# -- checkpoint ------------------------------------------------------------------------------
@pytest.mark.parametrize("use_reentrant", [True, False])
def test_checkpoint_gives_torchs_values_gradients_and_nodes(use_reentrant):
    results = []
    for lib in (torch, minigrad):
        lib.manual_seed(0)
        w = lib.tensor(np.linspace(-1, 1, 6).reshape(2, 3), requires_grad=True)
        x = lib.tensor(np.ones((4, 2)), requires_grad=True)

        def block(a, w=w):
            return (a @ w).tanh() * 2
        cp = importlib.import_module(f"{lib.__name__}.utils.checkpoint")
        y = cp.checkpoint(block, x, use_reentrant=use_reentrant)
        name = y.grad_fn.name() if hasattr(y.grad_fn, "name") and lib is minigrad else \
            type(y.grad_fn).__name__
        (y ** 2).sum().backward()
        results.append((name, y.detach().numpy(), w.grad.numpy(), x.grad.numpy()))
    (t_name, *t_vals), (m_name, *m_vals) = results
    assert m_name == t_name
    for a, b in zip(t_vals, m_vals, strict=True):
        np.testing.assert_allclose(b, a, rtol=1e-12)


def test_checkpoint_replays_dropout_with_the_same_mask_and_warns_like_torch():
    layer = minigrad.nn.Sequential(minigrad.nn.Linear(4, 4), minigrad.nn.Dropout(0.5))
    x = minigrad.randn(8, 4, requires_grad=True)
    minigrad.manual_seed(1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        y = minigrad.utils.checkpoint.checkpoint(layer, x)
    assert any("use_reentrant parameter should be passed explicitly" in str(w.message)
               for w in caught)
    y.sum().backward()
    checkpointed = x.grad.numpy().copy()
    x.grad = None
    minigrad.manual_seed(1)                # the same masks without checkpointing
    y_plain = layer(x)
    y_plain.sum().backward()
    np.testing.assert_array_equal(y.detach().numpy(), y_plain.detach().numpy())
    np.testing.assert_allclose(checkpointed, x.grad.numpy())
    assert (checkpointed == 0).any() and (checkpointed != 0).any()
    seq = minigrad.nn.Sequential(*[minigrad.nn.Linear(3, 3) for _ in range(4)])
    x = minigrad.randn(2, 3, requires_grad=True)
    out = minigrad.utils.checkpoint.checkpoint_sequential(seq, 2, x, use_reentrant=True)
    np.testing.assert_allclose(out.detach().numpy(), seq(x).detach().numpy())


# -- autograd.functional, Variable ---------------------------------------------------------------
def _f(T, x, y):
    return (x.sin() * y).sum(0) + y ** 2


def _scalar(T, x):
    return (x ** 3).sum() + x.prod() if hasattr(x, "prod") else (x ** 3).sum() + (x[0] * x[1])


@pytest.mark.parametrize("create_graph", [False, True])
def test_autograd_functional_matches_torch(create_graph):
    x0, y0 = np.array([[0.3, -1.2], [0.7, 2.0]]), np.array([0.5, -0.4])
    v0 = np.array([1.5, -0.5])
    out = []
    for lib in (torch, minigrad):
        af = importlib.import_module(f"{lib.__name__}.autograd.functional")
        x, y = lib.tensor(x0), lib.tensor(y0)
        jac = af.jacobian(lambda a, b, lib=lib: _f(lib, a, b), (x, y), create_graph=create_graph)
        single = af.jacobian(lambda a: a.exp() * 2, y)
        hess = af.hessian(lambda a: (a ** 3).sum() + a[0] * a[1], y,
                          create_graph=create_graph)
        vjp = af.vjp(lambda a, b, lib=lib: _f(lib, a, b), (x, y), lib.tensor(v0))
        jvp = af.jvp(lambda a: a ** 2 * a[0], y, lib.tensor(v0))
        hvp = af.hvp(lambda a: (a ** 3).sum() + a[0] * a[1], y, lib.tensor(v0))
        vhp = af.vhp(lambda a: (a ** 3).sum() + a[0] * a[1], y, lib.tensor(v0))
        out.append([jac[0], jac[1], single, hess, vjp[0], vjp[1][0], vjp[1][1], jvp[0], jvp[1],
                    hvp[1], vhp[1]])
    for t, m in zip(out[0], out[1], strict=True):
        assert tuple(m.shape) == tuple(t.shape)
        np.testing.assert_allclose(m.detach().numpy(), t.detach().numpy(), rtol=1e-12)


def test_variable_is_the_tensor_itself():
    from minigrad.autograd import Variable
    t = minigrad.ones(2)
    assert Variable(t) is t and isinstance(t, Variable)
    assert Variable(minigrad.ones(2), requires_grad=True).requires_grad
    assert isinstance(torch.ones(2), torch.autograd.Variable)


# -- testing.assert_close ----------------------------------------------------------------------
@pytest.mark.parametrize("make", [
    lambda T: (T.tensor([1.0, 2.0, 3.0]), T.tensor([1.0, 2.1, 3.0]), {}),
    lambda T: (T.tensor([1.0, 2.0]), T.tensor([1.0, 2.0, 3.0]), {}),
    lambda T: (T.tensor([1.0, 2.0]), T.tensor([1.0, 2.0], dtype=T.float64), {}),
    lambda T: (1.0, 1.1, {}),
    lambda T: (T.tensor([[1, 2], [3, 4]]), T.tensor([[1, 2], [3, 5]]), {}),
    lambda T: ([T.tensor(1.0)], [T.tensor(2.0)], {}),
    lambda T: (T.tensor([float("nan")]), T.tensor([float("nan")]), {}),
    lambda T: (T.tensor([float("nan")]), T.tensor([float("nan")]), dict(equal_nan=True)),
    lambda T: (T.tensor([1.0]), T.tensor([1.0], dtype=T.float64), dict(check_dtype=False)),
    lambda T: (T.tensor([1.0, 2.0]), T.tensor([1.0, 2.5]), dict(rtol=0.3, atol=0.0)),
    lambda T: ({"a": T.tensor([1.0])}, {"a": T.tensor([1.5])}, {}),
])
def test_assert_close_agrees_with_torch(make):
    outcomes = []
    for lib in (torch, minigrad):
        actual, expected, kwargs = make(lib)
        try:
            lib.testing.assert_close(actual, expected, **kwargs)
            outcomes.append(None)
        except AssertionError as error:
            outcomes.append(str(error).replace("torch.", "minigrad."))
    assert outcomes[1] == outcomes[0]


# -- distributions ---------------------------------------------------------------------------
def _distribution_cases(T):
    logits = T.tensor([[0.5, -1.0, 2.0], [0.1, 0.2, 0.3]], requires_grad=True)
    probs = T.tensor([0.2, 0.3, 0.5], requires_grad=True)
    loc = T.tensor([0.0, 1.0], requires_grad=True)
    scale = T.tensor([1.0, 2.0], requires_grad=True)
    bern = T.tensor([0.2, 0.9], requires_grad=True)
    d = T.distributions
    return [(d.Categorical(logits=logits), T.tensor([2, 0]), [logits]),
            (d.Categorical(probs=probs), T.tensor([0, 1, 2, 2]), [probs]),
            (d.Normal(loc, scale), T.tensor([0.5, -1.0]), [loc, scale]),
            (d.Normal(0.5, scale), T.tensor([[0.5], [3.0]]), [scale]),
            (d.Bernoulli(probs=bern), T.tensor([1.0, 0.0]), [bern]),
            (d.Bernoulli(logits=loc), T.tensor([1.0, 1.0]), [loc])]


def test_distributions_log_prob_entropy_and_gradients_match_torch():
    results = []
    for lib in (torch, minigrad):
        rows = []
        for dist, value, params in _distribution_cases(lib):
            log_prob, entropy = dist.log_prob(value), dist.entropy()
            (log_prob.sum() + entropy.sum()).backward()
            rows.append([log_prob, entropy, dist.mean, dist.variance] +
                        [p.grad for p in params] + [dist.sample((5,)).shape,
                                                    tuple(dist.batch_shape)])
        results.append(rows)
    for t_row, m_row in zip(*results, strict=True):
        for t, m in zip(t_row, m_row, strict=True):
            if isinstance(t, torch.Tensor):
                np.testing.assert_allclose(m.detach().numpy(), t.detach().numpy(), rtol=1e-6,
                                           atol=1e-7)
            else:
                assert tuple(m) == tuple(t)


def test_distribution_samples_follow_their_laws():
    minigrad.manual_seed(0)
    draws = minigrad.distributions.Categorical(
        probs=minigrad.tensor([0.1, 0.6, 0.3])).sample((20000,))
    assert draws.dtype == minigrad.int64
    np.testing.assert_allclose(np.bincount(draws.numpy(), minlength=3) / 20000, [0.1, 0.6, 0.3],
                               atol=0.015)
    loc = minigrad.tensor([1.0, -2.0], requires_grad=True)
    normal = minigrad.distributions.Normal(loc, minigrad.tensor([0.5, 2.0]))
    samples = normal.rsample((20000,))
    np.testing.assert_allclose(samples.detach().numpy().mean(0), [1.0, -2.0], atol=0.05)
    np.testing.assert_allclose(samples.detach().numpy().std(0), [0.5, 2.0], rtol=0.05)
    samples.sum().backward()
    assert loc.grad.tolist() == [20000.0, 20000.0]     # the reparametrization trick
    assert not normal.sample((3,)).requires_grad
    coin = minigrad.distributions.Bernoulli(probs=minigrad.tensor([0.25]))
    assert abs(float(coin.sample((20000,)).mean()) - 0.25) < 0.015
    for make in (lambda T: T.distributions.Normal(T.tensor([0.0]), T.tensor([-1.0])),
                 lambda T: T.distributions.Categorical(probs=T.tensor([-0.5, 1.5])),
                 lambda T: T.distributions.Categorical()):
        with pytest.raises(ValueError) as expected:
            make(torch)
        with pytest.raises(ValueError) as got:
            make(minigrad)
        assert str(got.value).split(" (")[0] == str(expected.value).split(" (")[0]


# -- swa_utils ---------------------------------------------------------------------------------
def test_swa_utils_average_anneal_and_update_bn_like_torch():
    results = []
    for lib in (torch, minigrad):
        model = lib.nn.Sequential(lib.nn.Linear(2, 3), lib.nn.BatchNorm1d(3))
        with lib.no_grad():
            for i, p in enumerate(model.parameters()):
                p.copy_(lib.tensor(np.arange(p.numel()).reshape(tuple(p.shape)) * 0.1 + i,
                                   dtype=lib.float32))
        swa = lib.optim.swa_utils
        average = swa.AveragedModel(model)
        ema = swa.AveragedModel(model, multi_avg_fn=swa.get_ema_multi_avg_fn(0.9))
        custom = swa.AveragedModel(model, avg_fn=swa.get_ema_avg_fn(0.5))
        opt = lib.optim.SGD(model.parameters(), lr=0.5)
        sched = swa.SWALR(opt, swa_lr=0.05, anneal_epochs=3, anneal_strategy="linear")
        lrs = []
        for _ in range(5):
            with lib.no_grad():
                for p in model.parameters():
                    p.mul_(0.9)
            for m in (average, ema, custom):
                m.update_parameters(model)
            opt.step()
            sched.step()
            lrs.append(sched.get_last_lr())
        x = lib.tensor(np.ones((4, 2)), dtype=lib.float32)
        swa.update_bn([x, x * 2], average)
        results.append([lrs, list(average.state_dict())] +
                       [p.detach().numpy().copy() for m in (average, ema, custom)
                        for p in m.parameters()] +
                       [average.module[1].running_mean.numpy().copy(), sched.state_dict()])
    t_res, m_res = results
    assert m_res[0] == t_res[0] and m_res[1] == t_res[1] and m_res[-1] == t_res[-1]
    for t, m in zip(t_res[2:-1], m_res[2:-1], strict=True):
        np.testing.assert_allclose(m, t, rtol=1e-6)


def test_module_copy_keeps_working_after_the_import_paths():
    model = minigrad.nn.DataParallel(minigrad.nn.Linear(2, 2))
    clone = copy.deepcopy(model)
    assert list(clone.state_dict()) == ["module.weight", "module.bias"]
