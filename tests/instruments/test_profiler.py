"""The profiler against torch's: columns, table layout, op and node names, call counts."""
from __future__ import annotations

import json
import re
import warnings

import numpy as np
import pytest
import torch

import minigrad
from bridge.models import build_pair
from bridge.transfer import copy_weights

ENGINES = (("torch", torch), ("minigrad", minigrad))


def profile_step(T, model, x, y, **options):
    """One forward and backward of ``model`` under ``T``'s autograd profiler."""
    with T.autograd.profiler.profile(**options) as prof:
        with T.autograd.profiler.record_function("step"):
            loss = T.nn.functional.cross_entropy(model(T.tensor(x)), T.tensor(y))
            loss.backward()
    return prof


@pytest.fixture(scope="module", params=["mlp", "simplecnn"])
def profiles(request):
    mg_model, th_model = build_pair(request.param, image_size=8)
    copy_weights(th_model, mg_model)
    mg_model.eval(), th_model.eval()           # dropout would be aten::dropout in torch
    x = np.random.default_rng(0).standard_normal((4, 1, 8, 8)).astype(np.float32)
    y = np.array([1, 0, 3, 9])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")        # torch's profiler warns about its backends
        return {"torch": profile_step(torch, th_model, x, y),
                "minigrad": profile_step(minigrad, mg_model, x, y),
                "model": request.param}


def counts(prof) -> dict:
    return {e.key: e.count for e in prof.key_averages()}


def cells(line: str) -> list:
    return [c for c in re.split(r"\s{2,}", line.strip()) if c]


def test_every_minigrad_row_is_a_torch_row_with_the_same_count(profiles):
    mg, th = counts(profiles["minigrad"]), counts(profiles["torch"])
    assert {name: (n, th.get(name)) for name, n in mg.items() if th.get(name) != n} == {}


def test_every_torch_backward_node_and_main_op_is_there(profiles):
    mg, th = counts(profiles["minigrad"]), counts(profiles["torch"])
    # torch also runs a TBackward0 for each Linear weight; minigrad's addmm needs none
    nodes = [k for k in th if (k.endswith("Backward0") or "AccumulateGrad" in k)
             and "TBackward0" not in k]
    main_ops = {"mlp": ["aten::flatten", "aten::addmm", "aten::relu", "aten::log_softmax",
                        "aten::nll_loss"],
                "simplecnn": ["aten::convolution", "aten::max_pool2d_with_indices",
                              "aten::flatten", "aten::addmm", "aten::relu",
                              "aten::log_softmax", "aten::nll_loss"]}[profiles["model"]]
    for name in nodes + main_ops + ["step"]:
        assert mg.get(name) == th[name], name


def test_table_has_torch_columns_and_layout(profiles):
    tables = {name: profiles[name].key_averages().table(sort_by="self_cpu_time_total",
                                                        row_limit=8)
              for name, _ in ENGINES}
    mg, th = tables["minigrad"].split("\n"), tables["torch"].split("\n")
    assert cells(mg[1]) == ["Name", "Self CPU %", "Self CPU", "CPU total %", "CPU total",
                            "CPU time avg", "# of Calls"]
    assert mg[:3] == th[:3]                    # same header and separator, character for character
    assert len(mg) == len(th) == 3 + 8 + 3     # row_limit rows, separator, total, final newline
    assert mg[-3] == th[-3] and mg[-1] == th[-1] == ""
    assert re.fullmatch(r"Self CPU time total: \d+\.\d{3}(us|ms|s)", mg[-2])
    for line in mg[3:11]:
        row = cells(line)
        assert len(row) == 7 and len(line) == len(mg[1])
        assert re.fullmatch(r"\d+\.\d\d%", row[1]) and re.fullmatch(r"\d+\.\d{3}(us|ms|s)", row[2])
        assert re.fullmatch(r"\d+", row[6])


def test_self_times_add_up_and_sort(profiles):
    prof = profiles["minigrad"]
    averages = prof.key_averages()
    total = sum(e.self_cpu_time_total for e in averages)
    step = next(e for e in averages if e.key == "step")
    assert step.cpu_time_total == pytest.approx(total, rel=1e-6)     # everything is inside it
    assert prof.self_cpu_time_total == pytest.approx(total)
    table = averages.table(sort_by="self_cpu_time_total")
    self_times = [e.self_cpu_time_total for e in sorted(averages, reverse=True,
                                                        key=lambda e: e.self_cpu_time_total)]
    assert self_times == sorted(self_times, reverse=True)
    long_name = "autograd::engine::evaluate_function: torch::autograd::AccumulateGrad"
    assert long_name[:52] + "..." in table and long_name not in table
    for e in prof.function_events:                     # children lie inside their parents
        for c in e.cpu_children:
            assert e.start_us <= c.start_us and c.end_us <= e.end_us


def test_backward_rows_nest_like_torch(profiles):
    for name, _ in ENGINES:
        events = profiles[name].function_events
        inner = [e for e in events if e.name == "AddmmBackward0"]
        assert inner and all(e.cpu_parent.name ==
                             "autograd::engine::evaluate_function: AddmmBackward0"
                             for e in inner)


def test_chrome_trace_is_valid_and_shaped_like_torchs(profiles, tmp_path):
    documents = {}
    for name, _ in ENGINES:
        path = tmp_path / f"{name}.json"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            profiles[name].export_chrome_trace(str(path))
        documents[name] = json.loads(path.read_text())
    mg, th = documents["minigrad"], documents["torch"]
    complete = [e for e in mg["traceEvents"] if e["ph"] == "X"]
    th_complete = [e for e in th["traceEvents"] if e["ph"] == "X" and e["cat"] == "cpu_op"]
    assert {k for e in complete for k in e} <= {k for e in th_complete for k in e}
    assert {e["cat"] for e in complete} == {"cpu_op", "user_annotation"}
    assert sorted(e["name"] for e in complete) == sorted(e.name for e in
                                                         profiles["minigrad"].function_events)
    assert all(e["dur"] >= 0 and e["ts"] > 0 for e in complete)
    # forward ops are linked to the backward nodes they recorded, as in torch's traces
    starts = {e["id"] for e in mg["traceEvents"] if e["ph"] == "s"}
    ends = {e["id"] for e in mg["traceEvents"] if e["ph"] == "f"}
    assert ends and ends <= starts
    assert mg["displayTimeUnit"] == th["displayTimeUnit"] == "ms"


def test_record_shapes_and_grouping():
    x = minigrad.randn(8, 5, requires_grad=True)
    w = minigrad.randn(3, 5, requires_grad=True)
    with minigrad.autograd.profiler.profile(record_shapes=True) as prof:
        minigrad.nn.functional.linear(x, w).relu().sum().backward()
    grouped = prof.key_averages(group_by_input_shape=True)
    table = grouped.table(sort_by="cpu_time_total", row_limit=50)
    header = cells(table.split("\n")[1])
    assert header[-1] == "Input Shapes"
    relu = next(e for e in grouped if e.key == "aten::relu")
    assert relu.input_shapes == [[8, 3]]
    node = next(e for e in grouped if e.key == "ReluBackward0")
    assert node.input_shapes == [[8, 3]]


def test_with_stack_and_profile_memory_columns():
    x = minigrad.randn(4, 4, requires_grad=True)
    with minigrad.autograd.profiler.profile(with_stack=True, profile_memory=True) as prof:
        y = x.exp()                                         # the line the stack points at
        y.sum().backward()
    table = prof.key_averages(group_by_stack_n=3).table(sort_by="self_cpu_memory_usage")
    header = cells(table.split("\n")[1])
    assert header[6:9] == ["CPU Mem", "Self CPU Mem", "# of Calls"]
    assert header[-1] == "Source Location"
    exp = next(e for e in prof.function_events if e.name == "aten::exp")
    assert exp.cpu_memory_usage == 4 * 4 * 4
    assert exp.stack[0].endswith(f"({exp.stack[0].split('(')[-1]}") and "test_profiler" in \
        exp.stack[0]
    assert "64 B" in table


def test_record_function_as_decorator_and_no_profiler():
    @minigrad.autograd.profiler.record_function("my_block")
    def block(t):
        return t * 2

    block(minigrad.ones(2))                                 # no profiler: nothing happens
    with minigrad.autograd.profiler.profile() as prof:
        block(minigrad.ones(2))
    names = [e.name for e in prof.function_events]
    assert names == ["my_block", "aten::mul"]
    assert prof.function_events[1].cpu_parent is prof.function_events[0]


def test_custom_function_rows_use_its_name():
    def run(T):
        class Square(T.autograd.Function):
            @staticmethod
            def forward(ctx, a):
                ctx.save_for_backward(a)
                return a * a

            @staticmethod
            def backward(ctx, grad):
                (a,) = ctx.saved_tensors
                return 2 * a * grad

        x = T.ones(3, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with T.autograd.profiler.profile() as prof:
                Square.apply(x).sum().backward()
        return counts(prof)
    mg, th = run(minigrad), run(torch)
    for name in ("Square", "SquareBackward", "aten::sum", "SumBackward0"):
        assert mg[name] == th[name], name


def test_disabled_and_reentrant_like_torch():
    for _, T in ENGINES:
        with T.autograd.profiler.profile(enabled=False) as prof:
            pass
        assert prof is None
        profiler = T.autograd.profiler.profile()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with profiler:
                with pytest.raises(RuntimeError, match="^Profiler context manager is not "
                                                       "reentrant$"):
                    profiler.__enter__()


def test_profiler_off_leaves_no_hook():
    from minigrad.autograd import engine, function
    with minigrad.autograd.profiler.profile():
        assert function.observe_op is not None and engine.observe_node is not None
    assert function.observe_op is None and engine.observe_node is None


# -- minigrad.profiler: torch.profiler's API ------------------------------------------------

@pytest.mark.parametrize("kwargs", [dict(wait=1, warmup=1, active=2),
                                    dict(wait=1, warmup=1, active=2, repeat=2),
                                    dict(wait=2, warmup=0, active=1, skip_first=3),
                                    dict(wait=5, warmup=1, active=2, skip_first=2,
                                         skip_first_wait=1)])
def test_schedule_matches_torch(kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mine, theirs = minigrad.profiler.schedule(**kwargs), torch.profiler.schedule(**kwargs)
    assert [mine(s).name for s in range(20)] == [theirs(s).name for s in range(20)]


def test_scheduled_profile_hands_the_same_windows_as_torch():
    def run(T):
        seen = []

        def ready(prof):
            seen.append((prof.step_num, counts_of(prof.key_averages())))
        x = T.ones(3, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with T.profiler.profile(activities=[T.profiler.ProfilerActivity.CPU],
                                    schedule=T.profiler.schedule(wait=1, warmup=1, active=2,
                                                                 repeat=2),
                                    on_trace_ready=ready) as prof:
                for _ in range(9):
                    (x * 2).sum().backward()
                    prof.step()
        return seen

    def counts_of(averages):
        return {e.key: e.count for e in averages if e.key in ("aten::sum", "MulBackward0")}
    assert run(minigrad) == run(torch)


def test_torch_profiler_recipe_runs(tmp_path):
    """The beginner profiler recipe, unchanged but for the import."""
    from minigrad.profiler import ProfilerActivity, profile, record_function
    model = minigrad.nn.Sequential(minigrad.nn.Linear(10, 4), minigrad.nn.ReLU())
    inputs = minigrad.randn(5, 10)
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        with record_function("model_inference"):
            model(inputs)
    text = prof.key_averages().table(sort_by="cpu_time_total", row_limit=10)
    assert cells(text.split("\n")[3])[0] == "model_inference"
    assert "aten::addmm" in text and "aten::relu" in text
    grouped = prof.key_averages(group_by_input_shape=True).table(sort_by="cpu_time_total")
    assert "[[4], [5, 10], [4, 10]]" in grouped
    prof.export_chrome_trace(str(tmp_path / "trace.json"))
    assert json.loads((tmp_path / "trace.json").read_text())["traceEvents"]
    handler = minigrad.profiler.tensorboard_trace_handler(str(tmp_path / "tb"), "worker0")
    handler(prof)
    (written,) = (tmp_path / "tb").iterdir()
    assert written.name.startswith("worker0.") and written.name.endswith(".pt.trace.json")
