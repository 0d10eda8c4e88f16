"""Every scheduler of torch.optim.lr_scheduler against torch, from one table of cases.

Each case builds the same schedule on a torch and a minigrad optimizer (two param
groups); over a few hundred steps the learning rates (and, for CyclicLR and
OneCycleLR, the momentum or beta1) must be *equal* to torch's, not just close: the
schedules are the same python float arithmetic.  The state_dict must equal
torch's, and a scheduler rebuilt from it must continue exactly.
"""
import copy
import math
import warnings

import pytest
import torch

import minigrad
import minigrad.optim as mo
from minigrad.optim import lr_scheduler as mls

STEPS = 300
# a ChainedScheduler inside SequentialLR steps its schedulers while being built: torch warns
# about stepping before optimizer.step(), and so does minigrad
pytestmark = pytest.mark.filterwarnings("ignore:Detected call of:UserWarning")


def optimizers(name="SGD", lrs=(0.1, 0.05), **kwargs):
    """The same optimizer in torch and minigrad, one param group per lr."""
    t_opt = getattr(torch.optim, name)(
        [{"params": [torch.zeros(1, requires_grad=True)], "lr": lr} for lr in lrs], **kwargs)
    m_opt = getattr(mo, name)(
        [{"params": [minigrad.zeros(1, requires_grad=True)], "lr": lr} for lr in lrs], **kwargs)
    return t_opt, m_opt


class Scaled:
    """A callable object: its state (``__dict__``) goes into the state_dict."""

    def __init__(self, factor):
        self.factor = factor

    def __call__(self, epoch):
        return self.factor ** (epoch % 7)


def _sequential(lib, opt):
    s = lib.optim.lr_scheduler
    return s.SequentialLR(opt, [s.LinearLR(opt, 0.1, total_iters=20),
                                s.ExponentialLR(opt, 0.98),
                                s.CosineAnnealingLR(opt, 50, 1e-4)], milestones=[20, 90])


def _chained(lib, opt):
    s = lib.optim.lr_scheduler
    return s.ChainedScheduler([s.ConstantLR(opt, 0.5, total_iters=30),
                               s.ExponentialLR(opt, 0.99),
                               s.MultiStepLR(opt, [40, 80, 80], 0.5)])


def _nested(lib, opt):
    s = lib.optim.lr_scheduler
    warmup = s.ChainedScheduler([s.LinearLR(opt, 0.2, total_iters=10),
                                 s.ExponentialLR(opt, 0.995)])
    return s.SequentialLR(opt, [warmup, s.PolynomialLR(opt, 100, 2.0)], milestones=[30])


def scheduler(name, *args, **kwargs):
    return lambda lib, opt: getattr(lib.optim.lr_scheduler, name)(opt, *args, **kwargs)


# (id, optimizer name, optimizer kwargs, build(lib, optimizer), momentum key or None)
CASES = [
    ("LambdaLR", "SGD", {}, scheduler("LambdaLR", lambda e: 0.97 ** e + 0.1 * (e % 3)), None),
    ("LambdaLR-object", "SGD", {}, scheduler("LambdaLR", [Scaled(0.9), Scaled(0.8)]), None),
    ("MultiplicativeLR", "SGD", {}, scheduler("MultiplicativeLR", lambda e: 0.99), None),
    ("MultiplicativeLR-object", "SGD", {},
     scheduler("MultiplicativeLR", [Scaled(0.995), Scaled(0.999)]), None),
    ("StepLR", "SGD", {}, scheduler("StepLR", 30, gamma=0.7), None),
    ("MultiStepLR", "SGD", {}, scheduler("MultiStepLR", [10, 50, 50, 200], 0.3), None),
    ("ConstantLR", "SGD", {}, scheduler("ConstantLR", factor=0.25, total_iters=40), None),
    ("ConstantLR-defaults", "SGD", {}, scheduler("ConstantLR"), None),
    ("LinearLR", "SGD", {}, scheduler("LinearLR", 0.05, 0.9, total_iters=120), None),
    ("LinearLR-decay", "SGD", {}, scheduler("LinearLR", 1.0, 0.1, total_iters=77), None),
    ("ExponentialLR", "SGD", {}, scheduler("ExponentialLR", 0.985), None),
    ("PolynomialLR", "SGD", {}, scheduler("PolynomialLR", total_iters=150, power=1.7), None),
    ("PolynomialLR-defaults", "SGD", {}, scheduler("PolynomialLR"), None),
    ("CosineAnnealingLR", "SGD", {}, scheduler("CosineAnnealingLR", 70, eta_min=1e-3), None),
    ("CosineAnnealingWarmRestarts", "SGD", {},
     scheduler("CosineAnnealingWarmRestarts", 10, T_mult=2, eta_min=1e-4), None),
    ("CosineAnnealingWarmRestarts-T_mult1", "SGD", {},
     scheduler("CosineAnnealingWarmRestarts", 17), None),
    ("CyclicLR-triangular", "SGD", dict(momentum=0.9),
     scheduler("CyclicLR", 0.001, [0.1, 0.2], step_size_up=25), "momentum"),
    ("CyclicLR-triangular2", "SGD", dict(momentum=0.9),
     scheduler("CyclicLR", [0.01, 0.02], 0.3, step_size_up=20, step_size_down=35,
               mode="triangular2", base_momentum=0.7, max_momentum=0.95), "momentum"),
    ("CyclicLR-exp_range-adam", "Adam", {},
     scheduler("CyclicLR", 0.001, 0.01, step_size_up=15, mode="exp_range", gamma=0.995),
     "betas"),
    ("CyclicLR-scale_fn", "SGD", {},
     scheduler("CyclicLR", 0.001, 0.01, step_size_up=12, scale_fn=lambda x: 1 / (1 + x),
               scale_mode="iterations", cycle_momentum=False), None),
    ("OneCycleLR", "SGD", dict(momentum=0.9),
     scheduler("OneCycleLR", [0.1, 0.5], total_steps=STEPS), "momentum"),
    ("OneCycleLR-linear-three_phase", "Adam", {},
     scheduler("OneCycleLR", 0.01, epochs=10, steps_per_epoch=30, pct_start=0.2,
               anneal_strategy="linear", three_phase=True, div_factor=10.0,
               final_div_factor=100.0, base_momentum=[0.8, 0.7], max_momentum=0.9), "betas"),
    ("OneCycleLR-no-momentum", "Adagrad", {},
     scheduler("OneCycleLR", 0.05, total_steps=STEPS, cycle_momentum=False), None),
    ("SequentialLR", "SGD", {}, _sequential, None),
    ("ChainedScheduler", "SGD", {}, _chained, None),
    ("SequentialLR-of-ChainedScheduler", "SGD", {}, _nested, None),
]
IDS = [case[0] for case in CASES]


def momentum_of(opt, key):
    if key is None:
        return None
    return [g[key] if key == "momentum" else g[key][0] for g in opt.param_groups]


def run(case, steps=STEPS):
    """Both schedules side by side: lists of lrs (and momenta) after every step."""
    _, opt_name, opt_kwargs, build, key = case
    t_opt, m_opt = optimizers(opt_name, **opt_kwargs)
    t_sched, m_sched = build(torch, t_opt), build(minigrad, m_opt)
    t_seq, m_seq = [], []
    for step in range(steps + 1):
        for opt, sched, seq in ((t_opt, t_sched, t_seq), (m_opt, m_sched, m_seq)):
            if step:
                opt.step()
                sched.step()
            assert sched.get_last_lr() == [g["lr"] for g in opt.param_groups]
            seq.append((sched.get_last_lr(), momentum_of(opt, key)))
    return t_seq, m_seq, (t_opt, t_sched), (m_opt, m_sched)


def comparable(state):
    """A state_dict with its callables (scale_fn references) dropped."""
    if isinstance(state, dict):
        return {k: comparable(v) for k, v in state.items() if not callable(v)}
    if isinstance(state, list):
        return [comparable(v) for v in state]
    return state


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_learning_rates_and_momenta_equal_torchs(case):
    t_seq, m_seq, *_ = run(case)
    for step, (t, m) in enumerate(zip(t_seq, m_seq, strict=True)):
        assert m == t, f"step {step}: minigrad {m} != torch {t}"
    assert len({str(lrs) for lrs, _ in m_seq}) > 1      # the schedule moved


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_state_dict_equals_torchs_and_resumes_exactly(case):
    _, opt_name, opt_kwargs, build, key = case
    _, _, (t_opt, t_sched), (m_opt, m_sched) = run(case, steps=STEPS // 3)
    t_sd, m_sd = t_sched.state_dict(), m_sched.state_dict()
    assert list(m_sd) == list(t_sd)
    assert comparable(m_sd) == comparable(t_sd)
    # resume from copies: a fresh optimizer and scheduler, then load both states
    saved_opt, saved_sched = copy.deepcopy(m_opt.state_dict()), copy.deepcopy(m_sd)
    _, m_opt2 = optimizers(opt_name, **opt_kwargs)
    m_sched2 = build(minigrad, m_opt2)
    m_opt2.load_state_dict(saved_opt)
    m_sched2.load_state_dict(saved_sched)
    for _ in range(STEPS // 3):
        for opt, sched in ((t_opt, t_sched), (m_opt2, m_sched2)):
            opt.step()
            sched.step()
        assert m_sched2.get_last_lr() == t_sched.get_last_lr()
        assert momentum_of(m_opt2, key) == momentum_of(t_opt, key)


def test_every_torch_scheduler_has_a_case():
    names = {case[0].split("-")[0] for case in CASES} | {"ReduceLROnPlateau", "LRScheduler"}
    assert set(torch.optim.lr_scheduler.__all__) <= names
    assert set(mls.__all__) == set(torch.optim.lr_scheduler.__all__)


def test_callable_object_state_round_trips():
    _, m_opt = optimizers()
    fns = [Scaled(0.9), Scaled(0.8)]
    sched = mls.MultiplicativeLR(m_opt, fns)
    fns[0].factor = 0.5
    state = sched.state_dict()
    assert state["lr_lambdas"] == [{"factor": 0.5}, {"factor": 0.8}]
    other = [Scaled(1.0), Scaled(1.0)]
    mls.MultiplicativeLR(optimizers()[1], other).load_state_dict(state)
    assert [f.factor for f in other] == [0.5, 0.8]


@pytest.mark.parametrize("name, args", [
    ("ConstantLR", dict(factor=0.3, total_iters=4)),
    ("LinearLR", dict(start_factor=0.2, end_factor=0.7, total_iters=6)),
    ("PolynomialLR", dict(total_iters=8, power=2.0))])
def test_closed_form_with_explicit_epoch(name, args):
    t_opt, m_opt = optimizers()
    t_sched = getattr(torch.optim.lr_scheduler, name)(t_opt, **args)
    m_sched = getattr(mls, name)(m_opt, **args)
    for epoch in (2, 7, 3, 12, 0):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t_sched.step(epoch)
            m_sched.step(epoch)
        assert m_sched.get_last_lr() == t_sched.get_last_lr()


def test_warm_restarts_with_fractional_epochs():
    t_opt, m_opt = optimizers()
    t_sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(t_opt, 5, T_mult=3)
    m_sched = mls.CosineAnnealingWarmRestarts(m_opt, 5, T_mult=3)
    for i in range(200):
        epoch = i * 0.37
        t_sched.step(epoch)
        m_sched.step(epoch)
        assert m_sched.get_last_lr() == t_sched.get_last_lr()
        assert (m_sched.T_i, m_sched.T_cur, m_sched.last_epoch) == \
            (t_sched.T_i, t_sched.T_cur, t_sched.last_epoch)


def test_one_cycle_past_total_steps_raises_torchs_error():
    messages = []
    for lib, opt in zip((torch, minigrad), optimizers(momentum=0.9), strict=True):
        sched = lib.optim.lr_scheduler.OneCycleLR(opt, 0.1, total_steps=3)
        for _ in range(3):
            opt.step()
            sched.step()
        with pytest.raises(ValueError) as error:
            sched.step()
        messages.append(str(error.value))
    assert messages[1] == messages[0] == \
        "Tried to step 4 times. The specified number of total steps is 3"


def _error(make):
    try:
        make()
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        return type(error), str(error)
    return None


@pytest.mark.parametrize("make", [
    lambda s, o: s.ConstantLR(o, factor=1.5),
    lambda s, o: s.LinearLR(o, start_factor=0),
    lambda s, o: s.LinearLR(o, end_factor=2.0),
    lambda s, o: s.MultiplicativeLR(o, [lambda e: 1.0, 3]),
    lambda s, o: s.LambdaLR(o, [lambda e: 1.0]),
    lambda s, o: s.CyclicLR(o, 0.1, 1.0, mode="sideways"),
    lambda s, o: s.CyclicLR(o, [0.1], 1.0),
    lambda s, o: s.CosineAnnealingWarmRestarts(o, 0),
    lambda s, o: s.CosineAnnealingWarmRestarts(o, 5, T_mult=1.5),
    lambda s, o: s.CosineAnnealingWarmRestarts(o, 5, eta_min="0"),
    lambda s, o: s.OneCycleLR(o, 0.1),
    lambda s, o: s.OneCycleLR(o, 0.1, total_steps=0),
    lambda s, o: s.OneCycleLR(o, 0.1, epochs=2, steps_per_epoch=-1),
    lambda s, o: s.OneCycleLR(o, 0.1, total_steps=10, pct_start=1),
    lambda s, o: s.OneCycleLR(o, 0.1, total_steps=10, anneal_strategy="cubic"),
    lambda s, o: s.SequentialLR(o, [], []),
    lambda s, o: s.SequentialLR(o, [s.StepLR(o, 2)], [3]),
    lambda s, o: s.SequentialLR(o, [s.ReduceLROnPlateau(o)], []),
    lambda s, o: s.ChainedScheduler([]),
    lambda s, o: s.ChainedScheduler([3]),
])
def test_bad_arguments_raise_torchs_errors(make):
    t_opt, m_opt = optimizers()
    expected = _error(lambda: make(torch.optim.lr_scheduler, t_opt))
    got = _error(lambda: make(mls, m_opt))
    assert expected is not None and got == expected


def test_cycling_momentum_needs_an_optimizer_with_momentum():
    t_opt, m_opt = optimizers("Adagrad")
    for sched_mod, opt in ((torch.optim.lr_scheduler, t_opt), (mls, m_opt)):
        with pytest.raises(ValueError, match="must support momentum or beta1"):
            sched_mod.OneCycleLR(opt, 0.1, total_steps=10)
        with pytest.raises(ValueError, match="must support momentum or beta1"):
            sched_mod.CyclicLR(opt, 0.01, 0.1)


def test_schedulers_of_different_optimizers_are_refused():
    _, m_opt = optimizers()
    _, other = optimizers()
    with pytest.raises(ValueError, match="expects all schedulers to belong to the same"):
        mls.SequentialLR(m_opt, [mls.StepLR(m_opt, 2), mls.StepLR(other, 3)], [4])


def test_one_cycle_drives_a_real_training_run():
    """OneCycleLR through a few epochs of SGD: the same parameters as torch."""
    results = []
    for lib in (torch, minigrad):
        lib.manual_seed(0)
        w = lib.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)
        opt = lib.optim.SGD([w], lr=0.1, momentum=0.9)
        sched = lib.optim.lr_scheduler.OneCycleLR(opt, 0.2, epochs=4, steps_per_epoch=5)
        x = lib.tensor([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
        for _ in range(20):
            opt.zero_grad()
            loss = ((x @ w - 1.0) ** 2).mean()
            loss.backward()
            opt.step()
            sched.step()
        results.append(w.detach().numpy().copy())
    assert math.isclose(float(abs(results[0] - results[1]).max()), 0.0, abs_tol=1e-6)
