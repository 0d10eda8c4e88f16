"""Every minigrad op matches torch (forward and gradients) in both dtypes."""
import pytest

from bridge import ops_report


@pytest.mark.parametrize("name,specs,fn", ops_report.OPS, ids=[op[0] for op in ops_report.OPS])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_op_matches_torch(name, specs, fn, dtype):
    import minigrad.nn  # noqa: F401
    row = ops_report.check_op(name, specs, fn, dtype)
    if row["status"] == "MISSING":
        pytest.skip(f"minigrad lacks this op: {row['error']}")
    assert row["status"] == "ok", row


def test_command_line_writes_json(tmp_path, capsys):
    code = ops_report.main(["--only", "mul*", "--dtype", "float64", "--json",
                            str(tmp_path / "ops.json")])
    text = capsys.readouterr().out
    assert "mul_broadcast" in text and "float64" in text
    assert code == 0
    assert (tmp_path / "ops.json").exists()
