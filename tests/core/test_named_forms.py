"""Public names other tests only reach indirectly, each called by its own name against torch.

The coverage report (``python -m bridge.coverage``) counts a name as tested when
a parity test calls it directly; these tests give the remaining ones that call:
queries, seeds, ``allclose``, in-place forms, a few functional layers, the
subclassable base classes (Optimizer, LRScheduler, Sampler, IterableDataset)
and data helpers.
"""
from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.utils.data as tdata

import minigrad
import minigrad.utils.data as mdata

from .support import assert_same, both


def test_tensor_queries_match_torch():
    def run(T):
        x, n = T.tensor([1.0, 2.0]), T.tensor([1, 2])
        return [T.is_floating_point(x), T.is_floating_point(n), T.is_storage(x),
                T.is_storage([1]), T.is_tensor(x), T.numel(n)]
    both(run)


def test_seed_and_initial_seed_behave_like_torchs():
    for T in (torch, minigrad):
        T.manual_seed(1234)
        assert T.initial_seed() == 1234
        fresh = T.seed()
        assert isinstance(fresh, int) and T.initial_seed() == fresh
        first = T.rand(3).tolist()
        T.manual_seed(fresh)
        assert T.rand(3).tolist() == first         # seed() really seeded the generator


@pytest.mark.parametrize("kwargs", [{}, dict(rtol=0.1), dict(atol=0.05), dict(equal_nan=True)])
def test_allclose_matches_torch(kwargs):
    def run(T):
        a = T.tensor([1.0, 2.0, float("nan"), 4.0])
        b = T.tensor([1.04, 2.0, float("nan"), 4.2])
        c = T.tensor([1.0, 2.0, float("nan"), 4.0])
        return [T.allclose(a, b, **kwargs), a.allclose(c, **kwargs),
                T.allclose(a[:2], c[:2], **kwargs)]
    both(run)


@pytest.mark.parametrize("name, op", [
    ("neg_", lambda x: x.neg_()), ("pow_", lambda x: x.pow_(2)),
    ("pow_tensor_", lambda x: x.pow_(x.detach() * 0 + 1.5)), ("sqrt_", lambda x: x.sqrt_())])
def test_inplace_forms_match_torch(name, op):
    def run(T):
        leaf = T.tensor([0.5, 1.5, 2.25], requires_grad=True)
        x = leaf * 1.0                       # a non-leaf: in-place is allowed
        version = x._version
        out = op(x)
        out.sum().backward()
        return [out is x, x, x._version > version, leaf.grad, x.grad_fn.name()
                if T is minigrad else type(x.grad_fn).__name__]
    both(run)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        op(minigrad.tensor([1.0], requires_grad=True))


# -- functional layers -----------------------------------------------------------------------
@pytest.mark.parametrize("call", [
    lambda T, x: T.nn.functional.adaptive_avg_pool1d(x, 3),
    lambda T, x: T.nn.functional.avg_pool1d(x, 2, stride=1, padding=1),
    lambda T, x: T.nn.functional.max_pool1d(x, 3, stride=2, padding=1),
    lambda T, x: T.nn.functional.group_norm(x, 2, T.tensor(np.linspace(0.5, 1.5, 4)),
                                            T.tensor(np.linspace(-1, 1, 4))),
])
def test_functional_layers_match_torch(call):
    data = np.random.default_rng(0).standard_normal((2, 4, 7))
    mg, th = minigrad.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    m_out, t_out = call(minigrad, mg), call(torch, th)
    assert_same(m_out, t_out)
    m_out.square().sum().backward()
    t_out.square().sum().backward()
    assert_same(mg.grad, th.grad)


@pytest.mark.parametrize("name, shape", [("dropout1d", (3, 5, 4)), ("dropout2d", (2, 6, 3, 3))])
def test_channel_dropout_zeroes_whole_channels_like_torch(name, shape):
    minigrad.manual_seed(0)
    x = minigrad.ones(*shape, requires_grad=True)
    out = getattr(minigrad.nn.functional, name)(x, p=0.5, training=True)
    t_out = getattr(torch.nn.functional, name)(torch.ones(*shape), p=0.5, training=True)
    for result in (out.detach().numpy(), t_out.numpy()):
        per_channel = result.reshape(shape[0] * shape[1], -1)
        assert set(np.unique(per_channel)) <= {0.0, 2.0}
        assert (per_channel.min(1) == per_channel.max(1)).all()     # whole channels
    assert_same(getattr(minigrad.nn.functional, name)(x, 0.5, training=False),
                getattr(torch.nn.functional, name)(torch.ones(*shape), 0.5, training=False))
    out.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), out.detach().numpy())


def test_buffer_registers_like_torch():
    def run(T):
        class Net(T.nn.Module):
            def __init__(self):
                super().__init__()
                self.counts = T.nn.Buffer(T.zeros(3))
                self.scratch = T.nn.Buffer(T.ones(2), persistent=False)
        net = Net()
        return [list(net.state_dict()), [name for name, _ in net.named_buffers()],
                isinstance(net.counts, T.Tensor), net.counts.requires_grad]
    both(run)


# -- base classes, subclassed as users do --------------------------------------------------------
def _halving_sgd(T):
    class HalvingSGD(T.optim.Optimizer):
        """p -= lr * g, with lr halved every step (kept in the param group)."""

        def __init__(self, params, lr=0.1):
            super().__init__(params, dict(lr=lr))

        def step(self, closure=None):
            with T.no_grad():
                for group in self.param_groups:
                    for p in group["params"]:
                        if p.grad is not None:
                            p.add_(p.grad, alpha=-group["lr"])
                            self.state[p]["steps"] = self.state[p].get("steps", 0) + 1
                    group["lr"] /= 2
    return HalvingSGD


def _warmup(T):
    class Warmup(T.optim.lr_scheduler.LRScheduler):
        """lr = base * min(1, (epoch + 1) / 4)."""

        def get_lr(self):
            return [base * min(1.0, (self.last_epoch + 1) / 4) for base in self.base_lrs]
    return Warmup


def test_user_subclasses_of_optimizer_and_lr_scheduler_run_like_torch():
    def run(T):
        w = T.tensor([1.0, -2.0], requires_grad=True)
        opt = _halving_sgd(T)([w], lr=0.4)
        sched = _warmup(T)(opt)
        lrs = []
        for _ in range(5):
            opt.zero_grad()
            (w * w).sum().backward()
            opt.step()
            sched.step()
            lrs.append(sched.get_last_lr())
        return [w, lrs, opt.state_dict()["state"][0]["steps"], list(sched.state_dict())]
    both(run)


def test_sampler_subclass_and_concat_dataset_like_torch():
    def run(T, data):
        class EveryOther(data.Sampler):
            def __init__(self, n):
                super().__init__()
                self.n = n

            def __iter__(self):
                return iter(range(0, self.n, 2))

            def __len__(self):
                return (self.n + 1) // 2
        first = data.TensorDataset(T.arange(5.0))
        second = data.TensorDataset(T.arange(10.0, 13.0))
        both_sets = data.ConcatDataset([first, second])
        loader = data.DataLoader(both_sets, sampler=EveryOther(len(both_sets)), batch_size=2)
        return [len(both_sets), both_sets.cumulative_sizes, [b[0] for b in loader]]
    t, m = run(torch, tdata), run(minigrad, mdata)
    assert m[:2] == t[:2]
    for a, b in zip(t[2], m[2], strict=True):
        assert_same(b, a)


def test_iterable_dataset_subclass_like_torch():
    def run(T, data):
        class Countdown(data.IterableDataset):
            def __iter__(self):
                return iter(T.tensor([float(i)]) for i in range(5, 0, -1))
        return [b for b in data.DataLoader(Countdown(), batch_size=2)]
    for a, b in zip(run(torch, tdata), run(minigrad, mdata), strict=True):
        assert_same(b, a)


def test_default_convert_and_worker_info_match_torch():
    for value in [np.arange(3.0), [np.ones(2), (np.zeros(1), 5)], {"a": np.float32(2.5)},
                  "text", 7]:
        t, m = tdata.default_convert(value), mdata.default_convert(value)
        assert type(m).__name__ == type(t).__name__.replace("Tensor", "Tensor")
        if isinstance(t, torch.Tensor):
            assert_same(m, t)
    assert mdata.get_worker_info() is None and tdata.get_worker_info() is None


def test_swa_average_functions_match_torch():
    def run(T):
        swa = T.optim.swa_utils
        avg, cur = T.tensor([1.0, 2.0]), T.tensor([3.0, -2.0])
        single = swa.get_swa_avg_fn()(avg, cur, T.tensor(3))
        lists = [T.tensor([1.0, 2.0]), T.tensor([0.5])]
        swa.get_swa_multi_avg_fn()(lists, [T.tensor([2.0, 0.0]), T.tensor([1.5])], 1)
        ema = swa.get_ema_avg_fn(0.8)(avg, cur, 1)
        return [single, lists[0], lists[1], ema]
    both(run)


def test_real_and_imag_attributes_like_torch():
    from .support import assert_raises_like

    def run(T):
        x = T.tensor([1.5, -2.0], requires_grad=True)
        part = x.real
        (part * 3).sum().backward()
        return [part, part is x, x.grad]
    both(run)
    assert_raises_like(lambda: minigrad.ones(2).imag, lambda: torch.ones(2).imag)


def test_stack_and_chain_datasets_like_torch():
    def run(T, data):
        a, b = data.TensorDataset(T.arange(4.0)), data.TensorDataset(T.arange(10, 14))
        stacked = data.StackDataset(a, b)
        named = data.StackDataset(x=a, y=b)

        class Count(data.IterableDataset):
            def __init__(self, n):
                super().__init__()
                self.n = n

            def __iter__(self):
                return iter(range(self.n))

            def __len__(self):
                return self.n
        chained = data.ChainDataset([Count(2), Count(3)])
        return [len(stacked), stacked[2], named[1], list(chained), len(chained)]
    t, m = run(torch, tdata), run(minigrad, mdata)
    assert m[0] == t[0] and m[3:] == t[3:]
    assert_same(m[1][0][0], t[1][0][0])
    assert_same(m[2]["y"][0], t[2]["y"][0])
    for make in (lambda d: d.StackDataset(), lambda d: d.StackDataset(
            d.TensorDataset(minigrad.zeros(2) if d is mdata else torch.zeros(2)),
            d.TensorDataset(minigrad.zeros(3) if d is mdata else torch.zeros(3)))):
        with pytest.raises(ValueError) as expected:
            make(tdata)
        with pytest.raises(ValueError, match=str(expected.value).split("``")[0][:20]):
            make(mdata)
    sampler = mdata.DistributedSampler(list(range(10)), num_replicas=2, rank=1, shuffle=False)
    assert list(sampler) == list(tdata.DistributedSampler(list(range(10)), 2, 1, shuffle=False))
