"""bridge.trace: node-by-node comparison of one training step, and planted bugs it names."""
import json
import re

import pytest
import torch

from minigrad.ops.conv import Conv2d
from minigrad.ops.linear import Linear
from minigrad.ops.normalization import BatchNorm
from minigrad.ops.pointwise import Relu

from bridge.trace import main, run

SMALL = {"image_size": 8, "batch_size": 16}


def _nodes(loss, name):
    """minigrad nodes called ``name``, in depth-first order from the loss (nearest first)."""
    found, seen, stack = [], set(), [loss.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if node.name() == name and node not in found:
            found.append(node)
        stack.extend(c for c, _ in reversed(node.next_functions))
    return found


def _plant(name, index, wrong_fn):
    """before_backward: give the ``index``-th node called ``name`` a wrong backward rule."""
    def before_backward(runner, mg_loss, th_loss):
        _nodes(mg_loss, name)[index].fn = wrong_fn
    return before_backward


@pytest.mark.parametrize("model", ["mlp", "mlp2", "quickstart", "simplecnn", "resnet"])
def test_all_models_agree_node_by_node(model):
    report = run(model, "float64", **SMALL)
    assert report.ok, report.table()
    params = {n for n, _ in torch.nn.Module.named_parameters(_torch_model(model))}
    accumulated = {c.gradient for c in report.comparisons if c.gradient.startswith("accum")}
    assert accumulated == {f"accumulated into {n}.grad" for n in params}
    assert not report.unmatched_minigrad and not report.unmatched_torch
    # torch runs the same nodes, apart from its TBackward0 nodes and the extra nodes
    # inside minigrad's composite batch norm ('= owner + inner + 2 x inner...')
    extra = 0
    for line in report.inside:
        inner = line.split("= ", 1)[1].split(" + ")[1:]
        extra += sum(int(n.split(" x ")[0]) if " x " in n else 1 for n in inner)
    torch_nodes = [n for n in report.order_torch if n != "TBackward0"]
    assert len(report.order_minigrad) == len(torch_nodes) + extra


def _torch_model(model):
    from bridge.models import build
    return build(model, torch.nn, image_size=8)


def test_matching_is_documented_in_the_report():
    report = run("mlp", "float64", **SMALL)
    assert report.folded_torch == ["2 x TBackward0 -> AddmmBackward0"]
    assert report.order_torch == ["NllLossBackward0", "LogSoftmaxBackward0", "AddmmBackward0",
                                  "torch::autograd::AccumulateGrad", "TBackward0",
                                  "torch::autograd::AccumulateGrad", "ReluBackward0",
                                  "AddmmBackward0", "torch::autograd::AccumulateGrad",
                                  "TBackward0", "torch::autograd::AccumulateGrad"]
    assert report.order_minigrad == [n for n in report.order_torch if n != "TBackward0"]
    rows = [(c.minigrad, c.module, c.gradient) for c in report.comparisons]
    assert ("AddmmBackward0", "3", "sent to 3.weight") in rows       # via torch's TBackward0
    assert ("ReluBackward0", "2", "sent to AddmmBackward0") in rows
    resnet = run("resnet", "float64", **SMALL)
    assert resnet.inside == []          # training batch norm is one fused node, as in torch
    bn = [(c.gradient, c.ok) for c in resnet.comparisons if c.module == "block.bn1"]
    assert bn == [("arriving", True), ("sent to ConvolutionBackward0", True),
                  ("sent to block.bn1.weight", True), ("sent to block.bn1.bias", True)]


class _LeakyRelu(Relu):
    grad_fn_name = "ReluBackward0"

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * ((out > 0) + 0.01 * (out <= 0))


def test_planted_relu_bug_names_that_relu():
    # mlp2 has two ReLUs; the bug sits in the first one (module '2'), which runs second
    report = run("mlp2", "float64", before_backward=_plant("ReluBackward0", 1, _LeakyRelu),
                 **SMALL)
    first = report.first
    assert (first.minigrad, first.torch, first.module, first.gradient) == \
        ("ReluBackward0", "ReluBackward0", "2", "sent to AddmmBackward0")
    relu4 = [c for c in report.comparisons if c.module == "4"]
    assert relu4 and all(c.ok for c in relu4)
    assert "first node over tolerance: ReluBackward0 (output of module '2')" in report.table()


class _ScaledWeightGrad(Linear):
    grad_fn_name = "AddmmBackward0"

    @staticmethod
    def backward(ctx, grad):
        grad_b, grad_x, grad_w = Linear.backward(ctx, grad)
        return grad_b, grad_x, grad_w * 1.001


def test_planted_weight_gradient_bug_names_the_linear_and_the_weight():
    report = run("quickstart", "float64",
                 before_backward=_plant("AddmmBackward0", 1, _ScaledWeightGrad), **SMALL)
    first = report.first
    assert (first.minigrad, first.module, first.gradient) == \
        ("AddmmBackward0", "linear_relu_stack.2", "sent to linear_relu_stack.2.weight")
    assert first.max_rel == pytest.approx(1e-3, rel=1e-2)
    # its other outputs are right
    same = [c for c in report.comparisons if c.order == first.order and c is not first]
    assert {c.gradient for c in same if c.ok} >= {"sent to linear_relu_stack.2.bias",
                                                  "sent to ReluBackward0"}


class _ScaledConvInputGrad(Conv2d):
    grad_fn_name = "ConvolutionBackward0"

    @staticmethod
    def backward(ctx, grad):
        grads = Conv2d.backward(ctx, grad)
        return (grads[0] * 1.01,) + tuple(grads[1:])


def test_planted_conv_bug_is_named_in_float32():
    report = run("simplecnn", "float32",
                 before_backward=_plant("ConvolutionBackward0", 0, _ScaledConvInputGrad),
                 **SMALL)
    first = report.first
    assert (first.minigrad, first.module, first.gradient) == \
        ("ConvolutionBackward0", "features.3", "sent to MaxPool2DWithIndicesBackward0")


class _WrongBatchNorm(BatchNorm):
    @staticmethod
    def backward(ctx, grad):
        centred, weight = ctx.saved_tensors
        scale = (ctx.invstd * weight).reshape((1, -1) + (1,) * (grad.ndim - 2))
        return (scale * grad, None, None, None, None)   # forgets the statistics' derivative


def test_planted_bug_in_batch_norm_names_torchs_node():
    def before_backward(runner, mg_loss, th_loss):
        # block.bn1: the 2nd batch-norm node from the loss (block.bn2 comes first)
        _nodes(mg_loss, "NativeBatchNormBackward0")[1].fn = _WrongBatchNorm
    report = run("resnet", "float64", before_backward=before_backward, **SMALL)
    first = report.first
    assert (first.minigrad, first.torch, first.module, first.gradient) == \
        ("NativeBatchNormBackward0", "NativeBatchNormBackward0", "block.bn1",
         "sent to ConvolutionBackward0")


def test_a_wrong_sum_of_arriving_gradients_is_named_at_the_node():
    def before_backward(runner, mg_loss, th_loss):
        node = _nodes(mg_loss, "AddBackward0")[0]
        node.register_prehook(lambda grads: (grads[0] * 1.5,))
    report = run("resnet", "float64", before_backward=before_backward, **SMALL)
    assert (report.first.minigrad, report.first.gradient) == ("AddBackward0", "arriving")


def test_out_writes_json_and_side_by_side_stepper(tmp_path):
    report = run("mlp", "float64", out=str(tmp_path),
                 before_backward=_plant("ReluBackward0", 0, _LeakyRelu), **SMALL)
    data = json.loads((tmp_path / "trace.json").read_text())
    assert data["ok"] is False and data["first"]["minigrad"] == "ReluBackward0"
    assert len(data["comparisons"]) == len(report.comparisons)
    text = (tmp_path / "trace.html").read_text()
    page = json.loads(re.search(r'id="data">(.*?)</script>', text, re.S).group(1)
                      .replace("<\\/", "</"))
    left, right = page["panels"]
    assert (left["engine"], right["engine"]) == ("minigrad", "torch")
    assert "first node over tolerance: ReluBackward0" in page["note"]
    # every matched minigrad node points at a torch node of the same name
    assert len(right["match"]) == 9
    for a, b in right["match"].items():
        assert left["nodes"][a]["name"] == right["nodes"][b]["name"]
    bad = [s for s in left["steps"] if any(not r["ok"] for r in s.get("compare", []))]
    assert [left["nodes"][s["node"]]["name"] for s in bad][0] == "ReluBackward0"
    assert len(right["steps"]) == len(report.order_torch) + 1


def test_command_line(capsys):
    assert main(["--model", "mlp", "--image-size", "8", "--batch-size", "8"]) == 0
    out = capsys.readouterr().out
    assert "AddmmBackward0" in out and "agree within tolerance" in out
    assert "torch-only nodes followed through: 2 x TBackward0 -> AddmmBackward0" in out


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU for torch's side")
def test_trace_with_torch_on_cuda():
    report = run("simplecnn", "float64", device="cuda", **SMALL)
    assert report.config["device"] == "cuda"
    assert report.ok, report.table()


def test_unknown_model_and_missing_gpu_are_clear_errors():
    with pytest.raises(SystemExit):
        main(["--model", "vgg"])
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError, match="CUDA was requested"):
            run("mlp", device="cuda", **SMALL)
