"""The HTML backward stepper: its data against the engine, and the page in headless Chromium."""
import html
import json
import re

import numpy as np
import pytest
import torch

import minigrad
from minigrad import nn

from .browser import dump_dom, screenshot

ACC = "torch::autograd::AccumulateGrad"


def _model_and_loss(seed=0):
    minigrad.manual_seed(seed)
    model = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3)).to(minigrad.float64)
    x = minigrad.from_numpy(np.random.default_rng(seed).normal(size=(6, 5)))
    y = minigrad.tensor([0, 1, 2, 0, 1, 2])
    return model, nn.functional.cross_entropy(model(x), y)


def page_data(path):
    text = open(path, encoding="utf-8").read()
    match = re.search(r'<script type="application/json" id="data">(.*?)</script>', text, re.S)
    return text, json.loads(match.group(1).replace("<\\/", "</"))


@pytest.fixture
def page(tmp_path):
    model, loss = _model_and_loss()
    params = dict(model.named_parameters())
    path = minigrad.viz.to_html(loss, str(tmp_path / "stepper.html"), params=params)
    return model, loss, params, path


def test_page_is_one_offline_file(page):
    _, _, _, path = page
    text, data = page_data(path)
    # nothing is fetched: no external scripts, styles, images or fonts
    assert not re.search(r"<(script|link|img|iframe)[^>]*\b(src|href)=", text)
    assert "@import" not in text and "url(http" not in text
    urls = set(re.findall(r"https?://[^\s\"'<>)\\]+", text))
    assert urls <= {"http://www.w3.org/2000/svg"}              # the SVG namespace only
    assert len(data["panels"]) == 1 and "<svg" in data["panels"][0]["svg"]


def test_steps_follow_the_engine_order_and_leave_grad_untouched(page):
    model, loss, params, path = page
    _, data = page_data(path)
    p = data["panels"][0]
    shown = [p["nodes"][s["node"]]["name"] for s in p["steps"][1:]]
    # to_html left .grad alone and kept the graph: a real backward can follow
    assert all(t.grad is None for t in params.values())
    with minigrad.autograd.trace() as tr:
        loss.backward()
    assert shown == [e.name for e in tr]
    # the same order torch's engine runs (torch's extra TBackward0 nodes aside)
    th = torch.nn.Sequential(torch.nn.Linear(5, 4), torch.nn.ReLU(), torch.nn.Linear(4, 3))
    th = th.double()
    with torch.no_grad():
        for name, q in th.named_parameters():
            q.copy_(torch.from_numpy(params[name].detach().numpy()))
    x = torch.from_numpy(np.random.default_rng(0).normal(size=(6, 5)))
    th_loss = torch.nn.functional.cross_entropy(th(x), torch.tensor([0, 1, 2, 0, 1, 2]))
    order, seen, stack = [], set(), [th_loss.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        node.register_prehook(lambda g, node=node: order.append(node.name()))
        stack.extend(c for c, _ in node.next_functions)
    th_loss.backward()
    assert shown == [n for n in order if n != "TBackward0"]


def test_steps_carry_rules_gradients_and_leaf_accumulation(page):
    model, loss, params, path = page
    _, data = page_data(path)
    p = data["panels"][0]
    steps = {p["nodes"][s["node"]]["name"]: s for s in p["steps"][1:]}
    addmm = p["nodes"][steps["AddmmBackward0"]["node"]]
    assert "dW = G^T X" in addmm["rule"] and addmm["op"] == "Linear"
    assert addmm["where"].startswith("minigrad/ops/linear.py:")
    assert "def backward" in addmm["source"]
    assert "d relu(a)/da" in p["nodes"][steps["ReluBackward0"]["node"]]["rule"]
    loss.backward()
    names = {id(t): n for n, t in params.items()}
    for s in p["steps"][1:]:
        node = p["nodes"][s["node"]]
        if node["name"] != ACC:
            continue
        grad = params[node["label"]].grad.numpy()
        shown = s["arrive"][0]
        assert shown["shape"] == "(" + ", ".join(map(str, grad.shape)) + \
            ("," if grad.ndim == 1 else "") + ")"
        np.testing.assert_allclose([float(v) for v in shown["head"]], grad.reshape(-1)[:6],
                                   rtol=1e-5)
        assert float(shown["norm"]) == pytest.approx(np.linalg.norm(grad), rel=1e-5)
    assert len(names) == 4
    # the first step is the seed: d loss / d loss = 1 sent to NllLossBackward0
    first = p["steps"][0]
    assert first["intro"] and first["send"][0]["grad"]["head"] == ["1"]


def test_a_recorded_trace_shows_grad_after_accumulation(tmp_path):
    model, loss = _model_and_loss()
    params = dict(model.named_parameters())
    loss.backward(retain_graph=True)                 # .grad holds one gradient already
    with minigrad.autograd.trace() as tr:
        loss.backward()                              # frees the graph: the trace is enough
    path = minigrad.viz.to_html(loss, str(tmp_path / "s.html"), params=params, trace=tr)
    _, data = page_data(path)
    p = data["panels"][0]
    leaf_steps = [s for s in p["steps"][1:] if "leaf" in s]
    assert len(leaf_steps) == 4
    for s in leaf_steps:
        grad = params[s["leaf"]].grad.numpy().reshape(-1)
        np.testing.assert_allclose([float(v) for v in s["after"]["head"]], grad[:6], rtol=1e-5)
        np.testing.assert_allclose([float(v) for v in s["arrive"][0]["head"]], grad[:6] / 2,
                                   rtol=1e-5)


def test_a_freed_graph_or_a_trace_without_arrays_is_a_clear_error(tmp_path):
    _, loss = _model_and_loss()
    with minigrad.autograd.trace(keep_grads=False) as tr:
        loss.backward()
    with pytest.raises(RuntimeError, match="already freed by backward"):
        minigrad.viz.to_html(loss, str(tmp_path / "s.html"))
    with pytest.raises(ValueError, match="keep_grads=True"):
        minigrad.viz.to_html(loss, str(tmp_path / "s.html"), trace=tr)


# -- in a real browser -----------------------------------------------------------------------

def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", " ", fragment)))


def _numbers(text: str):
    inside = re.search(r"\[(.*?)(?:, ….*)?\]", text).group(1)
    return [float(v) for v in inside.split(",")]


def test_browser_steps_to_the_end_and_shows_the_parameter_gradient(page, tmp_path):
    model, loss, params, path = page
    _, data = page_data(path)
    steps = data["panels"][0]["steps"]
    last = len(steps) - 1
    dom = dump_dom(path, "step=end")
    assert f'data-step="{last}"' in dom
    info = re.search(r'<aside id="info">(.*?)</aside>', dom, re.S).group(1)
    heading = _text(re.search(r"<h3>(.*?)</h3>", info, re.S).group(1))
    leaf = data["panels"][0]["nodes"][steps[last]["node"]]["label"]
    assert heading == f"Step {last} of {last}: {leaf}"
    shown = _text(re.search(r'<p class="accumulated">(.*?)</p>', info, re.S).group(1))
    loss.backward()
    grad = params[leaf].grad.numpy()
    np.testing.assert_allclose(_numbers(shown), grad.reshape(-1)[:6], rtol=1e-5)
    norm = float(re.search(r"norm (\S+)", shown).group(1))
    assert norm == pytest.approx(np.linalg.norm(grad), rel=1e-5)
    # the graph shows every node as run, numbered in order, the last one current
    assert len(re.findall(r'class="node [a-z]+ (?:done|current) ?numbered"', dom)) == last
    assert re.search(r'class="node leaf current numbered"', dom)
    png = screenshot(path, str(tmp_path / "stepper_end.png"), "step=end")
    with open(png, "rb") as f:
        head = f.read()
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and len(head) > 10_000


def test_browser_middle_step_shows_what_arrives_and_what_is_sent(page):
    _, _, _, path = page
    _, data = page_data(path)
    p = data["panels"][0]
    k = next(i for i, s in enumerate(p["steps"]) if p["nodes"][s["node"]]["name"] ==
             "ReluBackward0")
    dom = dump_dom(path, f"step={k}")
    info = re.search(r'<aside id="info">(.*?)</aside>', dom, re.S).group(1)
    assert _text(re.search(r"<h3>(.*?)</h3>", info, re.S).group(1)) == \
        f"Step {k} of {len(p['steps']) - 1}: ReluBackward0"
    arrived = _text(re.search(r'<li class="arrived">(.*?)</li>', info, re.S).group(1))
    assert _numbers(arrived) == [float(v) for v in p["steps"][k]["arrive"][0]["head"]]
    sent = _text(re.search(r'<li class="sent">(.*?)</li>', info, re.S).group(1))
    assert sent.startswith("→ AddmmBackward0")
    assert _numbers(sent) == [float(v) for v in p["steps"][k]["send"][0]["grad"]["head"]]
    assert "d relu(a)/da = 0 if a &lt;= 0 else 1 (NaN: 1)" in info
    # the edge carrying the gradient is highlighted
    assert len(re.findall(r'class="edge active"', dom)) == 1


def test_browser_keys_buttons_play_and_clicks(page, tmp_path):
    _, _, _, path = page
    _, data = page_data(path)
    last = len(data["panels"][0]["steps"]) - 1
    # drive the real handlers with real DOM events, logging the step after each
    script = """<script>
    const log = [];
    const key = (k) => document.dispatchEvent(new KeyboardEvent("keydown", {key: k}));
    const at = () => log.push(document.body.dataset.step);
    key("ArrowRight"); at(); key("ArrowRight"); at(); key("ArrowLeft"); at();
    key("End"); at(); key("ArrowRight"); at(); key("Home"); at(); key("ArrowLeft"); at();
    document.getElementById("next").click(); at();
    document.getElementById("last").click(); at();
    document.getElementById("prev").click(); at();
    document.querySelector('g.node[data-key="n1"]').dispatchEvent(new MouseEvent("click"));
    at();
    const pre = document.createElement("pre"); pre.id = "log";
    pre.textContent = log.join(","); document.body.appendChild(pre);
    </script></body>"""
    text = open(path, encoding="utf-8").read().replace("</body>", script)
    driven = tmp_path / "driven.html"
    driven.write_text(text, encoding="utf-8")
    dom = dump_dom(str(driven))
    log = re.search(r'<pre id="log">(.*?)</pre>', dom).group(1).split(",")
    assert log == ["1", "2", "1", str(last), str(last), "0", "0", "1", str(last),
                   str(last - 1), "1"]
    # #play runs through every step by itself (virtual time runs the timer)
    dom = dump_dom(path, "play", budget_ms=1000 * (last + 3))
    assert f'data-step="{last}"' in dom


def test_bridge_trace_side_by_side_page_in_the_browser(tmp_path):
    from minigrad.ops.pointwise import Relu
    from bridge.trace import run

    class LeakyRelu(Relu):
        grad_fn_name = "ReluBackward0"

        @staticmethod
        def backward(ctx, grad):
            (out,) = ctx.saved_tensors
            return grad * ((out > 0) + 0.01 * (out <= 0))

    def plant(runner, mg_loss, th_loss):
        stack = [mg_loss.grad_fn]
        while stack[-1].name() != "ReluBackward0":
            stack += [c for c, _ in stack.pop().next_functions if c is not None]
        stack[-1].fn = LeakyRelu
    run("mlp", "float64", image_size=8, batch_size=16, out=str(tmp_path),
        before_backward=plant)
    dom = dump_dom(str(tmp_path / "trace.html"), "step=end")
    assert dom.count('<section class="panel">') == 2
    # the faulty ReLU is outlined in both graphs; the verdict names it
    assert len(re.findall(r'class="node op bad[^"]*"[^>]*><title>ReluBackward0', dom)) == 2
    assert "first node over tolerance: ReluBackward0" in dom
    assert '<tr class="bad"><td>sent to AddmmBackward0' not in dom    # last step: a leaf
    screenshot(str(tmp_path / "trace.html"), str(tmp_path / "trace.png"), "step=6",
               size=(1600, 900))
