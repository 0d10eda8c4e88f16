"""Every optimizer follows torch's trajectory: 100 steps, many hyper-parameter settings."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
import minigrad.optim as mo

from .support import (Problem, assert_states_close, assert_trajectories_close, run_pair,
                      set_grads)

F64 = dict(rtol=1e-10, atol=1e-12)
F32 = dict(rtol=2e-4, atol=2e-5)

lrs = st.floats(1e-3, 0.3)
decays = st.one_of(st.just(0.0), st.floats(1e-4, 0.1))
fractions = st.floats(0.0, 0.95)


def check(name, kwargs, dtype=np.float64, **options):
    sign = -1.0 if kwargs.get("maximize") else 1.0
    t_traj, m_traj, (tp, t_opt), (mp, m_opt) = run_pair(name, kwargs, dtype=dtype, sign=sign,
                                                         **options)
    tol = F64 if dtype == np.float64 else F32
    assert np.isfinite(np.concatenate([a.ravel() for a in t_traj[-1]])).all()
    assert_trajectories_close(t_traj, m_traj, **tol)
    assert_states_close(t_opt, m_opt, tp, mp, **tol)
    # the parameters moved: a test that can fail
    assert not np.allclose(m_traj[-1][0], m_traj[0][0])


@st.composite
def sgd_kwargs(draw):
    momentum = draw(st.one_of(st.just(0.0), fractions))
    nesterov = momentum > 0 and draw(st.booleans())
    dampening = 0.0 if nesterov else draw(st.one_of(st.just(0.0), fractions))
    return dict(lr=draw(lrs), momentum=momentum, dampening=dampening, nesterov=nesterov,
                weight_decay=draw(decays), maximize=draw(st.booleans()))


@st.composite
def adam_kwargs(draw, weight_decay=decays):
    return dict(lr=draw(st.floats(1e-3, 0.1)),
                betas=(draw(st.floats(0.0, 0.99)), draw(st.floats(0.5, 0.9999))),
                eps=draw(st.sampled_from([1e-8, 1e-6, 1e-3])), weight_decay=draw(weight_decay),
                amsgrad=draw(st.booleans()), maximize=draw(st.booleans()))


@st.composite
def rmsprop_kwargs(draw):
    return dict(lr=draw(st.floats(1e-3, 0.05)), alpha=draw(st.floats(0.5, 0.999)),
                eps=draw(st.sampled_from([1e-8, 1e-6, 1e-3])), weight_decay=draw(decays),
                momentum=draw(st.one_of(st.just(0.0), st.floats(0.0, 0.9))),
                centered=draw(st.booleans()), maximize=draw(st.booleans()))


@st.composite
def adagrad_kwargs(draw):
    return dict(lr=draw(st.floats(1e-3, 0.5)), lr_decay=draw(st.one_of(st.just(0.0),
                                                                       st.floats(0.0, 0.1))),
                weight_decay=draw(decays),
                initial_accumulator_value=draw(st.one_of(st.just(0.0), st.floats(0.0, 1.0))),
                eps=draw(st.sampled_from([1e-10, 1e-6])), maximize=draw(st.booleans()))


@st.composite
def adadelta_kwargs(draw):
    return dict(lr=draw(st.floats(0.05, 1.0)), rho=draw(st.floats(0.5, 0.99)),
                eps=draw(st.sampled_from([1e-6, 1e-4])), weight_decay=draw(decays),
                maximize=draw(st.booleans()))


@st.composite
def nadam_kwargs(draw):
    return dict(lr=draw(st.floats(1e-3, 0.05)),
                betas=(draw(st.floats(0.0, 0.99)), draw(st.floats(0.5, 0.9999))),
                eps=draw(st.sampled_from([1e-8, 1e-3])), weight_decay=draw(decays),
                momentum_decay=draw(st.sampled_from([0.0, 4e-3, 0.05])),
                decoupled_weight_decay=draw(st.booleans()), maximize=draw(st.booleans()))


@st.composite
def radam_kwargs(draw):
    return dict(lr=draw(st.floats(1e-3, 0.05)),
                betas=(draw(st.floats(0.0, 0.99)), draw(st.floats(0.5, 0.9999))),
                eps=draw(st.sampled_from([1e-8, 1e-3])), weight_decay=draw(decays),
                decoupled_weight_decay=draw(st.booleans()), maximize=draw(st.booleans()))


@st.composite
def adamax_kwargs(draw):
    return dict(lr=draw(st.floats(1e-3, 0.1)),
                betas=(draw(st.floats(0.0, 0.99)), draw(st.floats(0.5, 0.9999))),
                eps=draw(st.sampled_from([1e-8, 1e-3])), weight_decay=draw(decays),
                maximize=draw(st.booleans()))


@st.composite
def asgd_kwargs(draw):
    return dict(lr=draw(st.floats(1e-3, 0.2)), lambd=draw(st.sampled_from([1e-4, 1e-2, 0.1])),
                alpha=draw(st.floats(0.5, 1.0)), t0=draw(st.sampled_from([1e6, 10.0, 50.0])),
                weight_decay=draw(decays), maximize=draw(st.booleans()))


@st.composite
def rprop_kwargs(draw):
    low = draw(st.sampled_from([1e-6, 1e-3]))
    return dict(lr=draw(st.floats(1e-3, 0.2)),
                etas=(draw(st.floats(0.1, 0.9)), draw(st.floats(1.05, 2.0))),
                step_sizes=(low, draw(st.sampled_from([0.05, 1.0, 50.0]))),
                maximize=draw(st.booleans()))


@st.composite
def adafactor_kwargs(draw):
    return dict(lr=draw(st.floats(1e-3, 0.1)), beta2_decay=draw(st.floats(-1.0, -0.3)),
                eps=(draw(st.sampled_from([None, 1e-30, 1e-3])),
                     draw(st.sampled_from([1e-3, 0.01]))),
                d=draw(st.floats(1.0, 3.0)), weight_decay=draw(decays),
                maximize=draw(st.booleans()))


STRATEGIES = {"SGD": sgd_kwargs(), "Adam": adam_kwargs(), "AdamW": adam_kwargs(st.floats(0, 0.1)),
              "RMSprop": rmsprop_kwargs(), "Adagrad": adagrad_kwargs(),
              "Adadelta": adadelta_kwargs(), "NAdam": nadam_kwargs(), "RAdam": radam_kwargs(),
              "Adamax": adamax_kwargs(), "ASGD": asgd_kwargs(), "Rprop": rprop_kwargs(),
              "Adafactor": adafactor_kwargs()}
NAMES = list(STRATEGIES)


@pytest.mark.parametrize("name", NAMES)
def test_float64_trajectory_matches_torch(name):
    given(STRATEGIES[name])(lambda kwargs: check(name, kwargs))()


@pytest.mark.parametrize("name", NAMES)
def test_float32_trajectory_matches_torch_and_stays_float32(name):
    given(STRATEGIES[name])(lambda kwargs: check(name, kwargs, dtype=np.float32, steps=50))()


@pytest.mark.parametrize("name", NAMES)
def test_defaults_match_torch(name):
    check(name, {})
    check(name, {}, dtype=np.float32)


@pytest.mark.parametrize("name, kwargs", [
    ("SGD", dict(lr=0.1, momentum=0.9)), ("Adam", dict(lr=0.01, weight_decay=0.01)),
    ("AdamW", dict(lr=0.01)), ("RMSprop", dict(momentum=0.5, centered=True)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01)), ("Adadelta", dict(weight_decay=0.01)),
    ("NAdam", dict(momentum_decay=0.01)), ("RAdam", dict(lr=0.01)), ("Adamax", {}),
    ("ASGD", dict(t0=5.0)), ("Rprop", dict(etas=(0.4, 1.3))), ("Adafactor", dict(d=2.0))])
def test_param_groups_with_own_hyper_parameters(name, kwargs):
    groups = [([0, 2], {}), ([1], {"lr": 0.003, "weight_decay": 0.05})]
    if name == "SGD":
        groups[1][1]["momentum"] = 0.5
    check(name, kwargs, groups=groups)


@pytest.mark.parametrize("name", NAMES)
def test_parameters_without_grad_are_skipped(name):
    t_traj, m_traj, (tp, t_opt), (mp, m_opt) = run_pair(name, {}, steps=5, skip=(1,))
    assert_trajectories_close(t_traj, m_traj, **F64)
    np.testing.assert_array_equal(m_traj[-1][1], mp[1].detach().numpy())
    assert m_traj[-1][1].tolist() == m_traj[0][1].tolist()
    assert (mp[1] in m_opt.state) == (tp[1] in t_opt.state)


def _least_squares(w, b, x, y):
    return ((x @ w + b - y) ** 2).mean()


@pytest.mark.parametrize("name, kwargs", [
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True)), ("Adam", dict(lr=0.01)),
    ("AdamW", dict(lr=0.01, amsgrad=True)), ("RMSprop", dict(lr=0.01)), ("Adagrad", {}),
    ("Adadelta", {}), ("NAdam", dict(lr=0.01)), ("RAdam", dict(lr=0.01)), ("Adamax", {}),
    ("ASGD", dict(lr=0.05, t0=10.0)), ("Rprop", {}), ("Adafactor", {})])
def test_training_with_autograd_gradients_and_closure(name, kwargs):
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((16, 5)), rng.standard_normal((16, 2))
    w0, b0 = rng.standard_normal((5, 2)), rng.standard_normal(2)
    engines = []
    for lib, opt_mod in ((torch, torch.optim), (minigrad, mo)):
        w = lib.tensor(w0, requires_grad=True)
        b = lib.tensor(b0, requires_grad=True)
        opt = getattr(opt_mod, name)([w, b], **kwargs)
        xs, ys = lib.tensor(x), lib.tensor(y)

        def closure(w=w, b=b, opt=opt, xs=xs, ys=ys):
            opt.zero_grad()
            loss = _least_squares(w, b, xs, ys)
            loss.backward()
            return loss
        engines.append((w, b, opt, closure))
    for _ in range(30):
        losses = [opt.step(closure).item() for _, _, opt, closure in engines]
        np.testing.assert_allclose(losses[1], losses[0], rtol=1e-10)
    (tw, tb, *_), (mw, mb, *_) = engines
    np.testing.assert_allclose(mw.detach().numpy(), tw.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(mb.detach().numpy(), tb.detach().numpy(), rtol=1e-10, atol=1e-12)
    assert mw.requires_grad and mw.is_leaf and mw.grad_fn is None


def test_lr_can_change_between_steps():
    _, _, (tp, t_opt), (mp, m_opt) = run_pair("SGD", dict(lr=0.1, momentum=0.9), steps=3)
    for opt in (t_opt, m_opt):
        opt.param_groups[0]["lr"] = 0.01
    problem = Problem(0)
    set_grads(problem, 0, tp, mp, np.float64)
    t_opt.step()
    m_opt.step()
    for a, b in zip(tp, mp, strict=False):
        np.testing.assert_allclose(b.detach().numpy(), a.detach().numpy(), **F64)
