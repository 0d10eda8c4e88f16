"""Learning-rate schedulers give torch's lr sequences, epoch by epoch, bit for bit."""
import copy
import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
import minigrad.optim as mo
from minigrad.optim import lr_scheduler as mls

EPOCHS = 100


def optimizers(lrs=(0.1, 0.05)):
    """A torch and a minigrad SGD with one param group per lr."""
    t_opt = torch.optim.SGD([{"params": [torch.zeros(1, requires_grad=True)], "lr": lr}
                             for lr in lrs], lr=0.5)
    m_opt = mo.SGD([{"params": [minigrad.zeros(1, requires_grad=True)], "lr": lr}
                    for lr in lrs], lr=0.5)
    return t_opt, m_opt


def lr_sequences(name, args, kwargs=None, epochs=EPOCHS, lrs=(0.1, 0.05)):
    kwargs = kwargs or {}
    t_opt, m_opt = optimizers(lrs)
    t_sched = getattr(torch.optim.lr_scheduler, name)(t_opt, *args, **kwargs)
    m_sched = getattr(mls, name)(m_opt, *args, **kwargs)
    seqs = ([t_sched.get_last_lr()], [m_sched.get_last_lr()])
    for _ in range(epochs):
        for opt, sched, seq in ((t_opt, t_sched, seqs[0]), (m_opt, m_sched, seqs[1])):
            opt.step()
            sched.step()
            assert sched.get_last_lr() == [g["lr"] for g in opt.param_groups]
            seq.append(sched.get_last_lr())
    return seqs, (t_opt, t_sched), (m_opt, m_sched)


def assert_same_lrs(name, args, kwargs=None, **options):
    (t_seq, m_seq), (t_opt, t_sched), (m_opt, m_sched) = lr_sequences(name, args, kwargs,
                                                                      **options)
    assert m_seq == t_seq                 # exact: the same python float arithmetic
    assert len({tuple(lrs) for lrs in m_seq}) > 1     # the schedule did something
    assert m_sched.last_epoch == t_sched.last_epoch
    return (t_opt, t_sched), (m_opt, m_sched)


gammas = st.floats(0.1, 0.99)


@given(step_size=st.integers(1, 30), gamma=gammas)
def test_step_lr(step_size, gamma):
    assert_same_lrs("StepLR", (step_size,), dict(gamma=gamma))


@given(milestones=st.lists(st.integers(1, 99), min_size=1, max_size=6), gamma=gammas)
def test_multistep_lr_with_repeated_milestones(milestones, gamma):
    assert_same_lrs("MultiStepLR", (milestones,), dict(gamma=gamma))


@given(gamma=st.floats(0.5, 0.999))
def test_exponential_lr(gamma):
    assert_same_lrs("ExponentialLR", (gamma,))


@given(T_max=st.integers(1, 120), eta_min=st.one_of(st.just(0.0), st.floats(0.0, 0.04)))
def test_cosine_annealing_lr_recursive_formula(T_max, eta_min):
    assert_same_lrs("CosineAnnealingLR", (T_max,), dict(eta_min=eta_min))


@given(base=st.floats(0.5, 0.99), shift=st.integers(0, 10))
def test_lambda_lr_single_and_per_group(base, shift):
    assert_same_lrs("LambdaLR", (lambda e: base ** e + 1.0 / (e + shift + 1),))
    assert_same_lrs("LambdaLR", ([lambda e: base ** e, lambda e: 1.0 / (1 + e)],))


def test_lambda_lr_needs_one_lambda_per_group():
    with pytest.raises(ValueError, match="Expected 2 lr_lambdas, but got 3"):
        mls.LambdaLR(optimizers()[1], [abs] * 3)


@pytest.mark.parametrize("name, args", [("StepLR", (7, 0.5)), ("MultiStepLR", ([3, 3, 9], 0.5)),
                                        ("ExponentialLR", (0.9,)),
                                        ("CosineAnnealingLR", (10, 0.001))])
def test_closed_form_with_explicit_epoch(name, args):
    t_opt, m_opt = optimizers()
    t_sched = getattr(torch.optim.lr_scheduler, name)(t_opt, *args)
    m_sched = getattr(mls, name)(m_opt, *args)
    for epoch in (5, 3, 12, 9, 30):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            t_sched.step(epoch)
            m_sched.step(epoch)
        assert m_sched.get_last_lr() == t_sched.get_last_lr()
        assert any("epoch parameter" in str(w.message) for w in caught)


@pytest.mark.parametrize("name, args", [("StepLR", (3,)), ("CosineAnnealingLR", (10,)),
                                        ("ExponentialLR", (0.9,)), ("MultiStepLR", ([2, 5],)),
                                        ("LambdaLR", (lambda e: 0.5 ** e,))])
def test_scheduler_state_dict_keys_and_round_trip(name, args):
    (t_opt, t_sched), (m_opt, m_sched) = assert_same_lrs(name, args, epochs=7)
    t_sd, m_sd = t_sched.state_dict(), m_sched.state_dict()
    assert list(m_sd) == list(t_sd)
    assert {k: v for k, v in m_sd.items() if k != "lr_lambdas"} == \
        {k: v for k, v in t_sd.items() if k != "lr_lambdas"}
    # resume: fresh optimizer with the saved optimizer state, fresh scheduler, load
    saved_opt, saved_sched = copy.deepcopy(m_opt.state_dict()), copy.deepcopy(m_sd)
    _, m_opt2 = optimizers()
    m_opt2.load_state_dict(saved_opt)
    m_sched2 = getattr(mls, name)(m_opt2, *args)
    m_sched2.load_state_dict(saved_sched)
    for _ in range(20):
        for opt, sched in ((t_opt, t_sched), (m_opt2, m_sched2)):
            opt.step()
            sched.step()
        assert m_sched2.get_last_lr() == t_sched.get_last_lr()


def test_resuming_with_last_epoch_needs_initial_lr():
    t_opt, m_opt = optimizers()
    with pytest.raises(KeyError) as expected:
        torch.optim.lr_scheduler.StepLR(t_opt, 3, last_epoch=4)
    with pytest.raises(KeyError) as got:
        mls.StepLR(m_opt, 3, last_epoch=4)
    assert str(got.value) == str(expected.value)


def test_resuming_cosine_with_last_epoch_uses_the_closed_form():
    t_opt, m_opt = optimizers()
    for opt in (t_opt, m_opt):
        for g in opt.param_groups:
            g["initial_lr"] = g["lr"]
    t_sched = torch.optim.lr_scheduler.CosineAnnealingLR(t_opt, 20, 0.01, last_epoch=6)
    m_sched = mls.CosineAnnealingLR(m_opt, 20, 0.01, last_epoch=6)
    for _ in range(30):
        assert m_sched.get_last_lr() == t_sched.get_last_lr()
        for opt, sched in ((t_opt, t_sched), (m_opt, m_sched)):
            opt.step()
            sched.step()


def test_warns_when_scheduler_steps_before_optimizer():
    messages = []
    for opt in optimizers():
        sched = (torch.optim.lr_scheduler if isinstance(opt, torch.optim.Optimizer)
                 else mls).StepLR(opt, 2)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            sched.step()
        messages.append([str(w.message) for w in caught])
    assert len(messages[1]) == 1 and messages[1] == messages[0]
    _, m_opt = optimizers()
    sched = mls.StepLR(m_opt, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m_opt.step()
        sched.step()


def test_scheduler_requires_an_optimizer():
    with pytest.raises(TypeError, match="int is not an Optimizer"):
        mls.StepLR(3, 2)
    with pytest.raises(TypeError, match="list is not an Optimizer"):
        mls.ReduceLROnPlateau([], 2)


# -- ReduceLROnPlateau --------------------------------------------------------------------
@st.composite
def plateau_settings(draw):
    kwargs = dict(mode=draw(st.sampled_from(["min", "max"])),
                  factor=draw(st.floats(0.1, 0.9)), patience=draw(st.integers(0, 6)),
                  threshold=draw(st.sampled_from([0.0, 1e-4, 0.01, 0.1])),
                  threshold_mode=draw(st.sampled_from(["rel", "abs"])),
                  cooldown=draw(st.integers(0, 4)),
                  min_lr=draw(st.one_of(st.sampled_from([0, 1e-3, 0.02]),
                                        st.just([0.01, 0.0]))),
                  eps=draw(st.sampled_from([1e-8, 1e-3])))
    # a noisy walk with plateaus: improves sometimes, stalls for a while, gets worse
    steps = draw(st.lists(st.sampled_from([-1.0, -0.01, 0.0, 0.0, 0.0, 0.002, 0.5]),
                          min_size=EPOCHS, max_size=EPOCHS))
    metrics = list(10.0 + np.cumsum(steps))
    return kwargs, metrics


@given(plateau_settings())
def test_reduce_lr_on_plateau(settings):
    kwargs, metrics = settings
    t_opt, m_opt = optimizers()
    t_sched = torch.optim.lr_scheduler.ReduceLROnPlateau(t_opt, **kwargs)
    m_sched = mls.ReduceLROnPlateau(m_opt, **kwargs)
    assert m_sched.get_last_lr() == t_sched.get_last_lr()
    for i, metric in enumerate(metrics):
        t_opt.step()
        m_opt.step()
        t_sched.step(metric)
        m_sched.step(minigrad.tensor(metric) if i % 2 else metric)   # 0-d tensors too
        assert m_sched.get_last_lr() == t_sched.get_last_lr()
        assert [g["lr"] for g in m_opt.param_groups] == [g["lr"] for g in t_opt.param_groups]
        assert (m_sched.best, m_sched.num_bad_epochs, m_sched.cooldown_counter) == \
            (t_sched.best, t_sched.num_bad_epochs, t_sched.cooldown_counter)
    t_sd, m_sd = t_sched.state_dict(), m_sched.state_dict()
    assert list(m_sd) == list(t_sd) and m_sd == t_sd


def test_reduce_lr_on_plateau_reduces_after_patience():
    _, opt = optimizers((1.0,))
    sched = mls.ReduceLROnPlateau(opt, patience=2, factor=0.5)
    lrs = []
    for metric in [5, 4, 4, 4, 4, 3, 3, 3, 3]:
        sched.step(metric)
        lrs.append(opt.param_groups[0]["lr"])
    assert lrs == [1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25]


@pytest.mark.parametrize("kwargs", [dict(factor=1.0), dict(mode="middle"),
                                    dict(threshold_mode="relative"), dict(min_lr=[0.1])])
def test_reduce_lr_on_plateau_errors_match_torch(kwargs):
    t_opt, m_opt = optimizers()
    with pytest.raises(ValueError) as expected:
        torch.optim.lr_scheduler.ReduceLROnPlateau(t_opt, **kwargs)
    with pytest.raises(ValueError) as got:
        mls.ReduceLROnPlateau(m_opt, **kwargs)
    assert str(got.value) == str(expected.value)


def test_reduce_lr_on_plateau_load_state_dict():
    _, opt = optimizers()
    sched = mls.ReduceLROnPlateau(opt, mode="max", patience=1)
    for metric in [1, 2, 2, 2]:
        sched.step(metric)
    sd = copy.deepcopy(sched.state_dict())
    _, opt2 = optimizers()
    sched2 = mls.ReduceLROnPlateau(opt2)
    sched2.load_state_dict(sd)
    assert sched2.mode == "max" and sched2.best == 2 and sched2._is_better(3, 2)
    assert sched2.state_dict() == sched.state_dict()


def test_scheduler_changes_what_the_optimizer_does():
    p = minigrad.tensor([1.0], requires_grad=True)
    opt = mo.SGD([p], lr=1.0)
    sched = mls.StepLR(opt, step_size=1, gamma=0.5)
    for _ in range(3):
        p.grad = minigrad.tensor([1.0])
        opt.step()
        sched.step()
    assert p.item() == 1.0 - 1.0 - 0.5 - 0.25
    assert math.isclose(sched.get_last_lr()[0], 0.125)
