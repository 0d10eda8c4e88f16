"""Optimizer plumbing against torch: state_dict, load_state_dict, param groups, errors, repr."""
import copy

import numpy as np
import pytest
import torch
from torch_compat import torch_at_least

import minigrad
import minigrad.optim as mo

from .support import Problem, make_params, run_pair, set_grads, split_groups, to_minigrad

NAMES = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "NAdam", "RAdam", "Adamax",
         "ASGD", "Rprop", "Adafactor"]
RICH = {"SGD": dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-3),
        "Adam": dict(lr=0.01, amsgrad=True, weight_decay=1e-3),
        "AdamW": dict(lr=0.01, amsgrad=True), "RMSprop": dict(momentum=0.5, centered=True),
        "Adagrad": dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1),
        "Adadelta": dict(weight_decay=0.01),
        "NAdam": dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
        "RAdam": dict(lr=0.01, weight_decay=0.1), "Adamax": dict(weight_decay=0.01),
        "ASGD": dict(lr=0.05, t0=1.0, lambd=0.01), "Rprop": dict(etas=(0.4, 1.3)),
        "Adafactor": dict(weight_decay=0.01, eps=(1e-30, 1e-3))}
GROUPS = [([0, 2], {}), ([1], {"lr": 0.003})]


def both(name, kwargs, groups=GROUPS, dtype=np.float64, seed=0):
    problem = Problem(seed)
    tp, mp = make_params(problem, dtype)
    return (problem, tp, mp, getattr(torch.optim, name)(split_groups(tp, groups), **kwargs),
            getattr(mo, name)(split_groups(mp, groups), **kwargs))


def advance(problem, tp, mp, t_opt, m_opt, start, stop, dtype=np.float64):
    for t in range(start, stop):
        set_grads(problem, t, tp, mp, dtype)
        t_opt.step()
        m_opt.step()


# -- state_dict ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_state_dict_structure_equals_torch(name):
    problem, tp, mp, t_opt, m_opt = both(name, RICH[name])
    advance(problem, tp, mp, t_opt, m_opt, 0, 3)
    t_sd, m_sd = t_opt.state_dict(), m_opt.state_dict()
    assert list(m_sd) == list(t_sd) == ["state", "param_groups"]
    assert len(m_sd["param_groups"]) == len(t_sd["param_groups"])
    for mg, tg in zip(m_sd["param_groups"], t_sd["param_groups"], strict=False):
        assert list(mg.items()) == list(tg.items())          # keys, order and values
    assert list(m_sd["state"]) == list(t_sd["state"])
    for index, t_state in t_sd["state"].items():
        m_state = m_sd["state"][index]
        assert list(m_state) == list(t_state)
        for key, tv in t_state.items():
            mv = m_state[key]
            assert isinstance(mv, minigrad.Tensor)
            assert mv.shape == tuple(tv.shape) and mv.dtype.name == str(tv.dtype)[6:]
            np.testing.assert_allclose(mv.numpy(), tv.numpy(), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", NAMES)
def test_state_dict_round_trip_continues_exactly(name):
    kwargs = RICH[name]
    _, uninterrupted, *_ = run_pair(name, kwargs, steps=40, groups=GROUPS)
    problem = Problem(0)
    _, params = make_params(problem, np.float64)
    opt = getattr(mo, name)(split_groups(params, GROUPS), **kwargs)
    for t in range(20):
        for k, p in enumerate(params):
            p.grad = minigrad.tensor(problem.grad(k, t, p.detach().numpy(), np.float64))
        opt.step()
    saved = copy.deepcopy(opt.state_dict())
    params2 = [minigrad.tensor(p.detach().numpy().copy(), requires_grad=True) for p in params]
    opt2 = getattr(mo, name)(split_groups(params2, [(i, {}) for i, _ in GROUPS]), **kwargs)
    opt2.load_state_dict(saved)
    assert opt2.param_groups[1]["lr"] == 0.003
    for t in range(20, 40):
        for k, p in enumerate(params2):
            p.grad = minigrad.tensor(problem.grad(k, t, p.detach().numpy(), np.float64))
        opt2.step()
    for a, p in zip(uninterrupted[-1], params2, strict=False):
        if name in CAST_ON_LOAD:      # float32 scalar state reloaded as float64, as in torch
            np.testing.assert_allclose(p.detach().numpy(), a, rtol=1e-6)
        else:
            np.testing.assert_array_equal(p.detach().numpy(), a)


# optimizers with 0-d scalar state besides 'step' (NAdam's mu_product, ASGD's eta and mu):
# kept in the default dtype while running, cast to the parameter's dtype by load_state_dict
CAST_ON_LOAD = {"NAdam", "ASGD"}


@pytest.mark.parametrize("name", NAMES)
def test_loading_a_torch_state_dict_continues_like_torch(name):
    problem, tp, mp, t_opt, m_opt = both(name, RICH[name])
    advance(problem, tp, mp, t_opt, m_opt, 0, 10)
    saved = t_opt.state_dict()
    t_fresh = [p.detach().clone().requires_grad_(True) for p in tp]
    m_fresh = [minigrad.tensor(p.detach().numpy().copy(), requires_grad=True) for p in tp]
    t_opt = getattr(torch.optim, name)(split_groups(t_fresh, GROUPS), **RICH[name])
    m_opt = getattr(mo, name)(split_groups(m_fresh, GROUPS), **RICH[name])
    t_opt.load_state_dict(copy.deepcopy(saved))
    m_opt.load_state_dict(to_minigrad(saved))
    for t_p, m_p in zip(t_fresh, m_fresh, strict=True):      # the same dtypes after loading
        assert [str(v.dtype)[6:] for v in t_opt.state[t_p].values()] == \
            [str(v.dtype)[9:] for v in m_opt.state[m_p].values()]
    advance(problem, t_fresh, m_fresh, t_opt, m_opt, 10, 30)
    for a, b in zip(t_fresh, m_fresh, strict=False):
        np.testing.assert_allclose(b.detach().numpy(), a.detach().numpy(), rtol=1e-10,
                                   atol=1e-12)


def test_load_state_dict_casts_to_parameter_dtype_but_keeps_step():
    _, _, _, _, m64 = both("Adam", {}, groups=None)
    problem, tp, mp, t_opt, m_opt = both("Adam", {}, groups=None)
    advance(problem, tp, mp, t_opt, m_opt, 0, 2)
    params32 = [minigrad.tensor(p.detach().numpy().astype(np.float32), requires_grad=True)
                for p in mp]
    opt32 = mo.Adam(params32)
    opt32.load_state_dict(m_opt.state_dict())
    state = opt32.state[params32[0]]
    assert state["exp_avg"].dtype == minigrad.float32
    assert state["step"].dtype == minigrad.float32 and state["step"].item() == 2.0
    assert state["exp_avg"].numpy() is not m_opt.state[mp[0]]["exp_avg"].numpy()


def _message(fn):
    with pytest.raises(Exception) as info:
        fn()
    return type(info.value), str(info.value)


def test_load_state_dict_errors_match_torch():
    for bad in ("groups", "sizes"):
        results = []
        for lib, opt_mod in ((torch, torch.optim), (minigrad, mo)):
            a, b = lib.zeros(2, requires_grad=True), lib.zeros(3, requires_grad=True)
            source = opt_mod.SGD([a, b], lr=0.1) if bad == "sizes" else \
                opt_mod.SGD([{"params": [a]}, {"params": [b]}], lr=0.1)
            target = opt_mod.SGD([a], lr=0.1) if bad == "sizes" else opt_mod.SGD([a, b], lr=0.1)
            results.append(_message(lambda t=target, s=source: t.load_state_dict(s.state_dict())))
        assert results[0] == results[1]
        assert results[1][0] is ValueError


# -- construction errors -----------------------------------------------------------------
BAD_HYPER_PARAMETERS = [
    ("SGD", dict(lr=-1.0)), ("SGD", dict(momentum=-0.5)), ("SGD", dict(weight_decay=-0.1)),
    ("SGD", dict(nesterov=True)), ("SGD", dict(nesterov=True, momentum=0.9, dampening=0.1)),
    ("Adam", dict(lr=-0.01)), ("Adam", dict(eps=-1e-8)), ("Adam", dict(betas=(1.0, 0.999))),
    ("Adam", dict(betas=(0.9, 1.5))), ("Adam", dict(betas=(-0.1, 0.9))),
    ("Adam", dict(weight_decay=-1.0)), ("Adam", dict(betas=(0, 0.999))),
    ("AdamW", dict(lr=-1.0)), ("AdamW", dict(betas=(0.9, -0.999))),
    ("RMSprop", dict(lr=-1.0)), ("RMSprop", dict(alpha=-0.5)), ("RMSprop", dict(eps=-1.0)),
    ("RMSprop", dict(momentum=-0.1)), ("RMSprop", dict(weight_decay=-0.1)),
    ("Adagrad", dict(lr=-1.0)), ("Adagrad", dict(lr_decay=-0.1)),
    ("Adagrad", dict(weight_decay=-1.0)), ("Adagrad", dict(initial_accumulator_value=-1.0)),
    ("Adagrad", dict(eps=-1.0)), ("Adadelta", dict(lr=-1.0)), ("Adadelta", dict(rho=1.5)),
    ("Adadelta", dict(eps=-1.0)), ("Adadelta", dict(weight_decay=-1.0)),
    ("NAdam", dict(lr=-1.0)), ("NAdam", dict(momentum_decay=-0.1)),
    ("NAdam", dict(betas=(0.9, 1.0))), ("NAdam", dict(eps=-1.0)),
    ("NAdam", dict(weight_decay=-1.0)), ("RAdam", dict(lr=-1.0)),
    ("RAdam", dict(betas=(1.0, 0.9))), ("RAdam", dict(eps=-1.0)),
    ("RAdam", dict(weight_decay=-1.0)), ("Adamax", dict(lr=-1.0)),
    ("Adamax", dict(betas=(0.9, -0.1))), ("Adamax", dict(eps=-1.0)),
    ("Adamax", dict(weight_decay=-1.0)), ("ASGD", dict(lr=-1.0)),
    ("ASGD", dict(weight_decay=-1.0)), ("Rprop", dict(lr=-1.0)), ("Rprop", dict(etas=(1.2, 0.5))),
    ("Rprop", dict(etas=(0.0, 1.2))), ("Adafactor", dict(lr=-1.0)),
    ("Adafactor", dict(beta2_decay=0.5)), ("Adafactor", dict(eps=(-1.0, 1e-3))),
    ("Adafactor", dict(eps=(None, -1e-3))), ("Adafactor", dict(d=0.5)),
    ("Adafactor", dict(weight_decay=-1.0)), ("LBFGS", dict(lr=-1.0))]


@pytest.mark.parametrize("name, kwargs", BAD_HYPER_PARAMETERS)
def test_invalid_hyper_parameters_raise_torchs_error(name, kwargs):
    expected = _message(lambda: getattr(torch.optim, name)(
        [torch.zeros(2, requires_grad=True)], **kwargs))
    got = _message(lambda: getattr(mo, name)([minigrad.zeros(2, requires_grad=True)], **kwargs))
    assert got == expected


def _duplicate(lib):
    p = lib.zeros(2, requires_grad=True)
    return [{"params": [p]}, {"params": [p, lib.ones(1)]}]


@pytest.mark.parametrize("make_params", [
    lambda lib: [],
    lambda lib: lib.zeros(3, requires_grad=True),
    lambda lib: [lib.zeros(2, requires_grad=True), 3],
    lambda lib: [lib.zeros(2, requires_grad=True) * 2],
    lambda lib: [{"params": {lib.zeros(2, requires_grad=True)}}],
    _duplicate,
    lambda lib: [{"params": [lib.zeros(1)]}, 5],
    lambda lib: [("w", lib.zeros(1)), lib.zeros(1)],
], ids=["empty", "tensor", "non-tensor", "non-leaf", "set", "duplicate", "non-dict-group",
        "some-names"])
def test_bad_parameter_lists_raise_torchs_error(make_params):
    expected = _message(lambda: torch.optim.SGD(make_params(torch), lr=0.1))
    got = _message(lambda: mo.SGD(make_params(minigrad), lr=0.1))
    assert got == (expected[0], expected[1].replace("torch.", "minigrad."))


def test_unsupported_implementation_flags_are_refused():
    p = minigrad.zeros(2, requires_grad=True)
    for cls, flag in [(mo.SGD, "fused"), (mo.Adam, "differentiable"), (mo.Adam, "capturable"),
                      (mo.AdamW, "fused"), (mo.RMSprop, "capturable")]:
        with pytest.raises(NotImplementedError, match=flag):
            cls([p], **{flag: True})
    mo.Adam([p], foreach=True).step()        # foreach only picks an implementation


# -- param groups, zero_grad, repr ------------------------------------------------------------
def test_add_param_group_fills_defaults_like_torch():
    groups = []
    for lib, opt_mod in ((torch, torch.optim), (minigrad, mo)):
        opt = opt_mod.Adam([lib.zeros(2, requires_grad=True)], lr=0.01, betas=(0.8, 0.9))
        extra = lib.zeros(3, requires_grad=True)
        opt.add_param_group({"params": extra, "lr": 0.5})
        assert opt.param_groups[1]["params"][0] is extra
        groups.append([{k: v for k, v in g.items() if k != "params"} for g in opt.param_groups])
        with pytest.raises(ValueError, match="more than one parameter group"):
            opt.add_param_group({"params": [extra]})
    assert [list(g.items()) for g in groups[1]] == [list(g.items()) for g in groups[0]]


def test_adagrad_state_exists_before_the_first_step():
    t_opt = torch.optim.Adagrad([torch.zeros(2, requires_grad=True)], lr=0.1,
                                initial_accumulator_value=0.5)
    m_opt = mo.Adagrad([minigrad.zeros(2, requires_grad=True)], lr=0.1,
                       initial_accumulator_value=0.5)
    t_sd, m_sd = t_opt.state_dict(), m_opt.state_dict()
    assert list(m_sd["state"][0]) == list(t_sd["state"][0]) == ["step", "sum"]
    assert m_sd["state"][0]["sum"].tolist() == t_sd["state"][0]["sum"].tolist()


@pytest.mark.parametrize("set_to_none", [True, False])
def test_zero_grad(set_to_none):
    p = minigrad.ones(3, requires_grad=True)
    (p * 2).sum().backward()
    grad = p.grad
    opt = mo.SGD([p], lr=0.1)
    opt.zero_grad(set_to_none=set_to_none)
    if set_to_none:
        assert p.grad is None
    else:
        assert p.grad is grad and p.grad.tolist() == [0.0, 0.0, 0.0]
        assert not p.grad.requires_grad
    opt.zero_grad()
    assert p.grad is None


def test_step_returns_closure_loss_and_updates_in_place():
    p = minigrad.tensor([1.0, -2.0], requires_grad=True)
    storage = p.numpy(force=True)
    opt = mo.SGD([p], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss
    with minigrad.no_grad():
        loss = opt.step(closure)       # the closure runs with grad enabled
    assert loss.item() == 5.0
    assert p.numpy(force=True) is storage
    np.testing.assert_allclose(p.detach().numpy(), [0.8, -1.6])
    assert p.grad_fn is None and p.requires_grad


@pytest.mark.parametrize("name", NAMES)
def test_repr_matches_torch(name):
    t_opt = getattr(torch.optim, name)(
        [{"params": [torch.zeros(1, requires_grad=True)]},
         {"params": [torch.zeros(1, requires_grad=True)], "lr": 0.5}], **RICH[name])
    m_opt = getattr(mo, name)(
        [{"params": [minigrad.zeros(1, requires_grad=True)]},
         {"params": [minigrad.zeros(1, requires_grad=True)], "lr": 0.5}], **RICH[name])
    assert repr(m_opt) == repr(t_opt)
    assert repr(mo.SGD([minigrad.zeros(1)])) == repr(torch.optim.SGD([torch.zeros(1)]))


def test_named_parameters_are_accepted_like_torch():
    t_opt = torch.optim.SGD([("w", torch.zeros(2, requires_grad=True))], lr=0.1)
    m_opt = mo.SGD([("w", minigrad.zeros(2, requires_grad=True))], lr=0.1)
    assert m_opt.state_dict()["param_groups"] == t_opt.state_dict()["param_groups"]


def test_float32_state_stays_float32():
    problem, tp, mp, t_opt, m_opt = both("Adam", dict(amsgrad=True, weight_decay=0.1),
                                         dtype=np.float32)
    advance(problem, tp, mp, t_opt, m_opt, 0, 3, dtype=np.float32)
    for p in mp:
        assert p.dtype == minigrad.float32
        state = m_opt.state[p]
        assert state["step"].dtype == minigrad.float32
        assert all(state[k].dtype == minigrad.float32 for k in ("exp_avg", "exp_avg_sq",
                                                                "max_exp_avg_sq"))


def test_old_style_float_step_is_converted_on_load():
    p = minigrad.tensor([1.0, 2.0], requires_grad=True)
    opt = mo.Adam([p])
    p.grad = minigrad.tensor([0.5, -0.5])
    opt.step()
    saved = opt.state_dict()
    saved["state"][0]["step"] = 1.0
    opt.load_state_dict(saved)
    opt.step()
    assert opt.state[p]["step"].item() == 2.0 and opt.state[p]["step"].dtype == minigrad.float32


def test_tensor_learning_rate_like_torch():
    results = []
    for lib, opt_mod in ((torch, torch.optim), (minigrad, mo)):
        p = lib.tensor(np.array([1.0, -2.0]), requires_grad=True)
        opt = opt_mod.SGD([p], lr=lib.tensor(0.1), momentum=0.5)   # a float32 lr
        for _ in range(3):
            p.grad = lib.tensor(np.array([0.3, 0.7]))
            opt.step()
        results.append(p.detach().numpy())
    np.testing.assert_allclose(results[1], results[0], rtol=1e-12)
    with pytest.raises(ValueError, match="Tensor lr must be 1-element"):
        mo.Adam([minigrad.zeros(1, requires_grad=True)], lr=minigrad.tensor([0.1, 0.2]))


# torch optimizers minigrad leaves out: sparse gradients do not exist in minigrad, and Muon
# orthogonalises its update in bfloat16, which NumPy has no type for
LEFT_OUT = {"SparseAdam": "sparse gradients", "Muon": "bfloat16 Newton-Schulz iteration"}


def test_every_torch_optimizer_exists_with_torchs_signature():
    import inspect
    names = [n for n in torch.optim.__all__ if isinstance(getattr(torch.optim, n), type)
             and issubclass(getattr(torch.optim, n), torch.optim.Optimizer)]
    assert {"LBFGS", "NAdam", "RAdam", "Adamax", "ASGD", "Rprop", "Adafactor"} <= set(names)
    for name in names:
        if name in LEFT_OUT:
            assert not hasattr(mo, name)
            continue
        expected = inspect.signature(getattr(torch.optim, name).__init__).parameters
        got = inspect.signature(getattr(mo, name).__init__).parameters
        if name == "LBFGS" and not torch_at_least("2.14"):     # maximize= came in 2.14
            got = {k: v for k, v in got.items() if k != "maximize"}
        assert [(p.name, p.kind, p.default) for p in got.values()] == \
            [(p.name, p.kind, p.default) for p in expected.values()], name


def test_lbfgs_repr_and_defaults_match_torch():
    t_opt = torch.optim.LBFGS([torch.zeros(1, requires_grad=True)], history_size=7)
    m_opt = mo.LBFGS([minigrad.zeros(1, requires_grad=True)], history_size=7)
    ours, defaults = repr(m_opt), dict(m_opt.defaults)
    assert "    maximize: False\n" in ours and defaults["maximize"] is False
    if not torch_at_least("2.14"):                          # maximize= came in 2.14
        ours, _ = ours.replace("    maximize: False\n", ""), defaults.pop("maximize")
    assert ours == repr(t_opt)
    assert defaults == t_opt.defaults
