"""Run minigrad and torch optimizers side by side on the same problem and compare them.

Gradients come from a fixed quadratic with a noise stream, evaluated in NumPy
on each engine's own current parameters: identical parameters get identical
gradients, so any difference in the trajectories comes from the update math.
"""
import numpy as np
import torch

import minigrad
import minigrad.optim as mo

SHAPES = [(3, 4), (4,), (2, 1, 3)]
STEPS = 100


class Problem:
    """f(p) = sum(curv * (p - target)^2) / 2 per parameter plus a noise term per step."""

    def __init__(self, seed=0, steps=STEPS, sign=1.0):
        rng = np.random.default_rng(seed)
        self.init = [rng.standard_normal(s) for s in SHAPES]
        self.target = [rng.standard_normal(s) for s in SHAPES]
        self.curv = [rng.uniform(0.5, 2.0, s) for s in SHAPES]
        steps = max(steps, STEPS)   # the same stream whatever the run length
        self.noise = [0.1 * rng.standard_normal((steps,) + s) for s in SHAPES]
        self.sign = sign       # -1 makes the objective concave, for maximize=True

    def grad(self, k, t, value, dtype):
        g = self.curv[k] * (np.asarray(value, np.float64) - self.target[k]) + self.noise[k][t]
        return (self.sign * g).astype(dtype)


def make_params(problem, dtype):
    t_params = [torch.tensor(a.astype(dtype), requires_grad=True) for a in problem.init]
    m_params = [minigrad.tensor(a.astype(dtype), requires_grad=True) for a in problem.init]
    return t_params, m_params


def split_groups(params, group_options):
    """Param groups: ``group_options`` is None or a list of (indices, options) pairs."""
    if group_options is None:
        return params
    return [dict(params=[params[i] for i in idx], **opts) for idx, opts in group_options]


def set_grads(problem, t, t_params, m_params, dtype, skip=()):
    for k, (tp, mp) in enumerate(zip(t_params, m_params, strict=False)):
        if k in skip:
            continue
        tp.grad = torch.from_numpy(problem.grad(k, t, tp.detach().numpy(), dtype))
        mp.grad = minigrad.tensor(problem.grad(k, t, mp.detach().numpy(), dtype))


def run_pair(name, kwargs, *, dtype=np.float64, steps=STEPS, groups=None, sign=1.0, seed=0,
             skip=()):
    """Run torch.optim.<name> and minigrad.optim.<name>: both trajectories, params, optimizers."""
    problem = Problem(seed, steps, sign)
    t_params, m_params = make_params(problem, dtype)
    t_opt = getattr(torch.optim, name)(split_groups(t_params, groups), **kwargs)
    m_opt = getattr(mo, name)(split_groups(m_params, groups), **kwargs)
    t_traj, m_traj = [], []
    for t in range(steps):
        set_grads(problem, t, t_params, m_params, dtype, skip)
        t_opt.step()
        m_opt.step()
        t_traj.append([p.detach().numpy().copy() for p in t_params])
        m_traj.append([p.detach().numpy().copy() for p in m_params])
    return t_traj, m_traj, (t_params, t_opt), (m_params, m_opt)


def assert_trajectories_close(t_traj, m_traj, rtol, atol):
    for step, (ts, ms) in enumerate(zip(t_traj, m_traj, strict=False)):
        for k, (a, b) in enumerate(zip(ts, ms, strict=False)):
            assert a.dtype == b.dtype, (step, k, a.dtype, b.dtype)
            np.testing.assert_allclose(b, a, rtol=rtol, atol=atol,
                                       err_msg=f"step {step}, parameter {k}")


def assert_states_close(t_opt, m_opt, t_params, m_params, rtol, atol):
    """Same state keys (in order), same dtypes, close values."""
    for tp, mp in zip(t_params, m_params, strict=False):
        t_state, m_state = t_opt.state.get(tp, {}), m_opt.state.get(mp, {})
        assert list(m_state) == list(t_state)
        for key in t_state:
            tv, mv = t_state[key], m_state[key]
            assert isinstance(mv, minigrad.Tensor), key
            assert str(mv.dtype).split(".")[-1] == str(tv.dtype).split(".")[-1], key
            np.testing.assert_allclose(mv.numpy(), tv.numpy(), rtol=rtol, atol=atol,
                                       err_msg=key)


def to_minigrad(value):
    """A torch state_dict value converted to minigrad (tensors copied)."""
    if isinstance(value, torch.Tensor):
        return minigrad.tensor(value.detach().numpy().copy())
    if isinstance(value, dict):
        return {k: to_minigrad(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_minigrad(v) for v in value]
    return value
