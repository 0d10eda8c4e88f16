"""Anomaly mode against torch: same API, same warnings, same error messages.

Each scenario runs the same code for both engines from the same source line, so
the forward stacks torch and minigrad print are the same text.
"""
from __future__ import annotations

import warnings

import torch

import minigrad
from torch_compat import torch_at_least

ENGINES = (("torch", torch), ("minigrad", minigrad))
TORCH_SUFFIX = " (Triggered internally at "     # torch appends its C++ source location


def user_warnings(caught) -> list:
    """The UserWarning texts, without torch's trailing C++ location."""
    texts = []
    for w in caught:
        if w.category is UserWarning:
            text = str(w.message)
            texts.append(text.split(TORCH_SUFFIX)[0])
    return texts


def outcome(fn):
    """Run ``fn`` in anomaly mode: (error type, error message, user warnings)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fn()
            error = (None, None)
        except Exception as exc:                 # noqa: BLE001 - compared with torch's
            error = (type(exc), str(exc))
    return error + (user_warnings(caught),)


def sqrt_times_zero(T):
    with T.autograd.detect_anomaly():
        x = T.tensor([0., 4.], requires_grad=True)
        y = x.sqrt()
        (y * 0).sum().backward()


def test_sqrt_nan_matches_torch_exactly():
    results = {}
    for name, T in ENGINES:
        results[name] = outcome(lambda T=T: sqrt_times_zero(T))
    assert results["minigrad"] == results["torch"]
    error_type, message, texts = results["minigrad"]
    assert error_type is RuntimeError
    assert message == "Function 'SqrtBackward0' returned nan values in its 0th output."
    assert texts[0] == ("Anomaly Detection has been enabled. This mode will increase the runtime "
                        "and should only be enabled for debugging.")
    assert texts[1].startswith("Error detected in SqrtBackward0. Traceback of forward call "
                               "that caused the error:\n  File ")
    assert texts[1].endswith("    y = x.sqrt()\n")


def test_forward_stack_is_kept_on_the_node():
    stacks = {}
    for name, T in ENGINES:
        with T.autograd.set_detect_anomaly(True):
            x = T.tensor([1., 4.], requires_grad=True)
            y = x.exp()
        stacks[name] = y.grad_fn.metadata["traceback_"]
    assert stacks["minigrad"] == stacks["torch"]
    assert "y = x.exp()" in stacks["minigrad"][-1]


def sqrt_module(T):
    class Sqrt(T.nn.Module):
        def forward(self, x):
            return x.sqrt()
    return Sqrt()


def test_module_frames_stay_in_the_stack():
    """torch shows its Python nn.Module frames; minigrad shows its own in their place."""
    texts = {}
    for name, T in ENGINES:
        def run(T=T):
            with T.autograd.detect_anomaly():
                x = T.tensor([0., 4.], requires_grad=True)
                (sqrt_module(T)(x) * 0).sum().backward()
        texts[name] = outcome(run)
    assert texts["minigrad"][:2] == texts["torch"][:2]
    mg, th = texts["minigrad"][2][1], texts["torch"][2][1]
    assert mg.splitlines()[:3] == th.splitlines()[:3]          # header and the caller's frame
    assert mg.splitlines()[-2:] == th.splitlines()[-2:]        # the forward's own line
    assert "minigrad/nn/module.py" in mg


def test_check_nan_false_lets_nan_through():
    grads = {}
    for name, T in ENGINES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with T.autograd.detect_anomaly(check_nan=False):
                x = T.tensor([0., 4.], requires_grad=True)
                (x.sqrt() * 0).sum().backward()
        grads[name] = x.grad.tolist()
    assert str(grads["minigrad"]) == str(grads["torch"]) == "[nan, 0.0]"


def test_error_in_backward_rule_warns_with_forward_stack():
    def run(T):
        class Boom(T.autograd.Function):
            @staticmethod
            def forward(ctx, a):
                return a * 2

            @staticmethod
            def backward(ctx, grad):
                raise ValueError("Some error in backward")

        with T.autograd.detect_anomaly():
            a = T.ones(2, requires_grad=True)
            out = Boom.apply(a)
            out.sum().backward()
    results = {name: outcome(lambda T=T: run(T)) for name, T in ENGINES}
    mg, th = results["minigrad"], results["torch"]
    assert mg[0] is ValueError
    assert mg[2][1].startswith("Error detected in BoomBackward. Traceback")
    # torch 2.14 runs Function.apply in C++, so the user's call is the stack's last frame;
    # older torch prints its own Python apply frame (torch/autograd/function.py) below it
    assert mg[2][1].endswith("\n    out = Boom.apply(a)\n")
    if torch_at_least("2.14"):
        assert mg == th
    else:
        assert mg[:2] == th[:2] and mg[2][0] == th[2][0] and th[2][1].startswith(mg[2][1])


def test_double_backward_names_the_parent_node():
    def run(T):
        with T.autograd.detect_anomaly():
            x = T.tensor([0., 4.], requires_grad=True)
            y = x.sqrt().sum()
            (g,) = T.autograd.grad(y, x, create_graph=True)
            (g * 0).sum().backward()
    results = {}
    for name, T in ENGINES:
        results[name] = outcome(lambda T=T: run(T))
    mg, th = results["minigrad"], results["torch"]
    assert mg[:2] == th[:2]
    assert mg[1] == "Function 'DivBackward0' returned nan values in its 1th output."
    # torch's stack for nodes made inside backward also lists its own Python frames
    # (autograd/__init__.py, graph.py); minigrad's engine is internal: compare the ends
    assert mg[2][1].split("\n")[:3] == th[2][1].split("\n")[:3]
    assert mg[2][2] == th[2][2]
    assert mg[2][2].startswith("\n\nPrevious calculation was induced by SqrtBackward0.")


def test_no_forward_information_when_enabled_after_forward():
    def run(T):
        x = T.tensor([0., 4.], requires_grad=True)
        y = x.sqrt()
        with T.autograd.detect_anomaly():
            (y * 0).sum().backward()
    results = {name: outcome(lambda T=T: run(T)) for name, T in ENGINES}
    assert results["minigrad"] == results["torch"]
    assert "No forward pass information available" in results["minigrad"][2][1]


def test_switches_and_queries_like_torch():
    for T in (torch, minigrad):
        assert not T.is_anomaly_enabled() and T.is_anomaly_check_nan_enabled()
        with T.autograd.set_detect_anomaly(True, check_nan=False):
            assert T.is_anomaly_enabled() and not T.is_anomaly_check_nan_enabled()
            with T.autograd.set_detect_anomaly(False):
                assert not T.is_anomaly_enabled()
            assert T.is_anomaly_enabled()
        assert not T.is_anomaly_enabled() and T.is_anomaly_check_nan_enabled()
        T.autograd.set_detect_anomaly(True)          # as a plain call it stays on
        assert T.is_anomaly_enabled()
        T.autograd.set_detect_anomaly(False)
        assert not T.is_anomaly_enabled()
    assert minigrad.autograd.is_anomaly_enabled is minigrad.is_anomaly_enabled


def test_anomaly_mode_off_leaves_no_hook():
    from minigrad.autograd import engine, function
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with minigrad.autograd.detect_anomaly():
            assert function.observe_op is not None and engine.observe_node is not None
    assert function.observe_op is None and engine.observe_node is None


def test_results_unchanged_in_anomaly_mode():
    x = minigrad.randn(4, 3, requires_grad=True)
    w = minigrad.randn(3, 2, requires_grad=True)
    (x @ w).tanh().sum().backward()
    expected = x.grad.clone(), w.grad.clone()
    x.grad = w.grad = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with minigrad.autograd.detect_anomaly():
            (x @ w).tanh().sum().backward()
    assert minigrad.equal(x.grad, expected[0]) and minigrad.equal(w.grad, expected[1])
