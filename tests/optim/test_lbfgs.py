"""LBFGS against torch: closures, history, strong Wolfe line search, stopping rules, state."""
import copy

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings, strategies as st
from torch_compat import torch_at_least

import minigrad
import minigrad.optim as mo


class Problem:
    """A least-squares fit plus a Rosenbrock-like coupling: smooth, non-convex, in 2 tensors."""

    def __init__(self, seed=0, dtype=np.float64):
        rng = np.random.default_rng(seed)
        self.x0 = rng.standard_normal((3, 2)).astype(dtype)
        self.b0 = rng.standard_normal(2).astype(dtype)
        self.a = rng.standard_normal((8, 3)).astype(dtype)
        self.y = rng.standard_normal((8, 2)).astype(dtype)

    def build(self, lib, opt_mod, kwargs, sign=1.0):
        x = lib.tensor(self.x0, requires_grad=True)
        b = lib.tensor(self.b0, requires_grad=True)
        a, y = lib.tensor(self.a), lib.tensor(self.y)
        opt = opt_mod.LBFGS([x, b], **kwargs)
        calls = []

        def closure():
            opt.zero_grad()
            loss = ((a @ x + b - y) ** 2).mean() + 0.5 * ((x[1:] - x[:-1] ** 2) ** 2).sum()
            loss = loss * sign
            loss.backward()
            calls.append(float(loss.detach()))
            return loss
        return opt, closure, (x, b), calls


def older_torch(kwargs: dict) -> dict:
    """LBFGS takes ``maximize`` since torch 2.14: leave it out for an older torch."""
    return kwargs if torch_at_least("2.14") else {k: v for k, v in kwargs.items()
                                                   if k != "maximize"}


def run_both(kwargs, steps=4, dtype=np.float64, sign=1.0):
    problem = Problem(dtype=dtype)
    runs = []
    for lib, opt_mod in ((torch, torch.optim), (minigrad, mo)):
        opt, closure, params, calls = problem.build(
            lib, opt_mod, older_torch(kwargs) if lib is torch else kwargs, sign)
        returned, trajectory = [], []
        for _ in range(steps):
            returned.append(float(opt.step(closure).detach()))
            trajectory.append([p.detach().numpy().copy() for p in params])
        runs.append((opt, params, calls, returned, trajectory))
    return runs


def state_of(opt):
    return opt.state[opt.param_groups[0]["params"][0]]


def as_numpy(value):
    if isinstance(value, (torch.Tensor, minigrad.Tensor)):
        return np.asarray(value.detach().numpy(), dtype=np.float64)
    if isinstance(value, list):
        return [as_numpy(v) for v in value]
    return value


def assert_states_close(t_state, m_state, rtol=1e-9, atol=1e-11):
    assert list(m_state) == list(t_state)
    for key, tv in t_state.items():
        mv = m_state[key]
        if key in ("func_evals", "n_iter"):
            assert mv == tv, key
        elif isinstance(tv, list):
            assert len(mv) == len(tv), key
            for a, b in zip(as_numpy(tv), as_numpy(mv), strict=True):
                if a is None:
                    assert b is None, key
                else:
                    np.testing.assert_allclose(b, a, rtol=rtol, atol=atol, err_msg=key)
        else:
            np.testing.assert_allclose(as_numpy(mv), as_numpy(tv), rtol=rtol, atol=atol,
                                       err_msg=key)


@st.composite
def lbfgs_kwargs(draw):
    return dict(lr=draw(st.sampled_from([1.0, 0.5, 0.1])), max_iter=draw(st.integers(1, 12)),
                history_size=draw(st.integers(1, 8)),
                line_search_fn=draw(st.sampled_from([None, "strong_wolfe"])),
                tolerance_change=draw(st.sampled_from([1e-9, 1e-5])),
                tolerance_grad=draw(st.sampled_from([1e-7, 1e-3])),
                max_eval=draw(st.sampled_from([None, 3, 30])))


@settings(max_examples=15)
@given(kwargs=lbfgs_kwargs(), maximize=st.booleans())
def test_float64_steps_match_torch(kwargs, maximize):
    assume(not maximize or torch_at_least("2.14"))
    sign = -1.0 if maximize else 1.0
    (t_opt, _, t_calls, t_ret, t_traj), (m_opt, _, m_calls, m_ret, m_traj) = run_both(
        dict(kwargs, maximize=maximize), sign=sign)
    assert len(m_calls) == len(t_calls)              # the same number of closure calls
    np.testing.assert_allclose(m_calls, t_calls, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(m_ret, t_ret, rtol=1e-9, atol=1e-12)
    for t_params, m_params in zip(t_traj, m_traj, strict=True):
        for a, b in zip(t_params, m_params, strict=True):
            np.testing.assert_allclose(b, a, rtol=1e-9, atol=1e-11)
    assert_states_close(state_of(t_opt), state_of(m_opt))


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_converges_like_torch_and_stops_at_the_tolerances(line_search_fn):
    (t_opt, t_params, t_calls, _, _), (m_opt, m_params, m_calls, _, _) = run_both(
        dict(line_search_fn=line_search_fn, max_iter=50), steps=3)
    assert len(m_calls) == len(t_calls) < 3 * 62      # it stopped early, like torch
    assert m_calls[-1] < 0.5 * m_calls[0]
    for a, b in zip(t_params, m_params, strict=True):
        np.testing.assert_allclose(b.detach().numpy(), a.detach().numpy(), rtol=1e-8,
                                   atol=1e-10)
    assert state_of(m_opt)["func_evals"] == state_of(t_opt)["func_evals"]


def test_float32_first_step_close_to_torch():
    (_, _, _, _, t_traj), (m_opt, m_params, _, _, m_traj) = run_both(
        dict(line_search_fn="strong_wolfe", max_iter=5), steps=1, dtype=np.float32)
    for a, b in zip(t_traj[0], m_traj[0], strict=True):
        assert b.dtype == np.float32
        np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-5)
    assert state_of(m_opt)["d"].dtype == minigrad.float32


def test_state_dict_round_trip_continues_exactly():
    kwargs = dict(history_size=4, max_iter=3, line_search_fn="strong_wolfe")
    problem = Problem(seed=3)
    opt, closure, params, _ = problem.build(minigrad, mo, kwargs)
    for _ in range(2):
        opt.step(closure)
    saved = copy.deepcopy(opt.state_dict())
    copies = [minigrad.tensor(p.detach().numpy().copy(), requires_grad=True) for p in params]
    for _ in range(2):
        opt.step(closure)

    opt2, closure2, params2, _ = problem.build(minigrad, mo, kwargs)
    for p, c in zip(params2, copies, strict=True):
        p.data = c.detach()
    opt2.load_state_dict(saved)
    for _ in range(2):
        opt2.step(closure2)
    for a, b in zip(params, params2, strict=True):
        np.testing.assert_array_equal(b.detach().numpy(), a.detach().numpy())


def test_state_dict_layout_equals_torch():
    (t_opt, *_), (m_opt, *_) = run_both(dict(history_size=3), steps=2)
    t_sd, m_sd = t_opt.state_dict(), m_opt.state_dict()
    assert list(m_sd["state"]) == list(t_sd["state"]) == [0]
    assert [older_torch(g) for g in m_sd["param_groups"]] == t_sd["param_groups"]
    assert_states_close(t_sd["state"][0], m_sd["state"][0])


def test_errors_match_torch():
    messages = []
    for lib, opt_mod in ((torch, torch.optim), (minigrad, mo)):
        a, b = lib.zeros(2, requires_grad=True), lib.zeros(1, requires_grad=True)
        with pytest.raises(ValueError) as groups:
            opt_mod.LBFGS([{"params": [a]}, {"params": [b]}])
        opt = opt_mod.LBFGS([a], line_search_fn="armijo")

        def closure(a=a, opt=opt):
            opt.zero_grad()
            loss = ((a - 1) ** 2).sum()
            loss.backward()
            return loss
        with pytest.raises(RuntimeError) as search:
            opt.step(closure)
        messages.append((str(groups.value), str(search.value)))
    assert messages[1] == messages[0]


def test_step_needs_no_grad_mode_and_returns_the_first_loss():
    problem = Problem()
    opt, closure, params, calls = problem.build(minigrad, mo, dict(max_iter=4))
    with minigrad.no_grad():
        loss = opt.step(closure)          # the closure still records a graph
    assert float(loss.detach()) == calls[0]
    assert len(calls) == 4 and all(p.grad_fn is None and p.is_leaf for p in params)
