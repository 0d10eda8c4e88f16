"""Profiler results: events, their per-name averages, torch's table and Chrome trace JSON."""
from __future__ import annotations

import json
import os

US_IN_SECOND = 1000.0 * 1000.0
US_IN_MS = 1000.0


class _Times:
    """Formatted-string views of the times, as torch's ``*_str`` attributes."""

    @property
    def cpu_time(self) -> float:
        """Average CPU time per call, in microseconds."""
        return 0.0 if self.count == 0 else self.cpu_time_total / self.count

    @property
    def cpu_time_str(self) -> str:
        return _format_time(self.cpu_time)

    @property
    def cpu_time_total_str(self) -> str:
        return _format_time(self.cpu_time_total)

    @property
    def self_cpu_time_total_str(self) -> str:
        return _format_time(self.self_cpu_time_total)

    # no accelerator here: device times are zero (torch's are zero on a CPU-only run too)
    device_time = device_time_total = self_device_time_total = 0.0
    cuda_time = cuda_time_total = self_cuda_time_total = 0.0
    self_device_memory_usage = device_memory_usage = 0
    is_async = False
    is_legacy = False
    node_id = -1
    overload_name = ""


class FunctionEvent(_Times):
    """One timed range: a forward op, a backward node or a ``record_function`` block."""

    def __init__(self, id, name, thread, start_us, end_us=None, input_shapes=None,
                 stack=None, sequence_nr=-1, category="cpu_op", memory=0):
        self.id = id
        self.name = name
        self.thread = thread
        self.start_us = start_us
        self.end_us = end_us
        self.input_shapes = input_shapes
        self.stack = stack or []
        self.sequence_nr = sequence_nr     # links a forward op to its backward node
        self.category = category           # chrome trace "cat": cpu_op / user_annotation
        self.cpu_memory_usage = memory     # bytes of the arrays the op returned
        self.cpu_parent = None
        self.cpu_children = []
        self.count = 1

    @property
    def key(self) -> str:
        return self.name

    @property
    def cpu_time_total(self) -> float:
        return self.end_us - self.start_us

    @property
    def self_cpu_time_total(self) -> float:
        return self.cpu_time_total - sum(c.cpu_time_total for c in self.cpu_children)

    @property
    def self_cpu_memory_usage(self) -> int:
        return self.cpu_memory_usage - sum(c.cpu_memory_usage for c in self.cpu_children)

    def __repr__(self) -> str:
        return (f"<FunctionEvent id={self.id} name={self.name} thread={self.thread} "
                f"cpu_time={self.cpu_time_str} start_us={self.start_us:.3f} "
                f"end_us={self.end_us:.3f} input_shapes={self.input_shapes}>")


class FunctionEventAvg(_Times):
    """All the events of one name (and shape / stack when grouped by them), summed."""

    def __init__(self) -> None:
        self.key = None
        self.count = 0
        self.cpu_time_total = 0.0
        self.self_cpu_time_total = 0.0
        self.cpu_memory_usage = 0
        self.self_cpu_memory_usage = 0
        self.input_shapes = None
        self.stack = None
        self.cpu_parent = None

    def add(self, other) -> FunctionEventAvg:
        if self.key is None:
            self.key = other.key
            self.input_shapes = other.input_shapes
            self.stack = other.stack
            self.cpu_parent = other.cpu_parent
        self.count += other.count
        self.cpu_time_total += other.cpu_time_total
        self.self_cpu_time_total += other.self_cpu_time_total
        self.cpu_memory_usage += other.cpu_memory_usage
        self.self_cpu_memory_usage += other.self_cpu_memory_usage
        return self

    __iadd__ = add

    def __repr__(self) -> str:
        return (f"<FunctionEventAvg key={self.key} self_cpu_time={self.self_cpu_time_total_str}"
                f" cpu_time={self.cpu_time_str} input_shapes={self.input_shapes}>")


class EventList(list):
    """A list of events (or of averages) with torch's ``table`` and ``key_averages``."""

    def __init__(self, *args, profile_memory=False, **kwargs):
        super().__init__(*args)
        self._profile_memory = profile_memory

    @property
    def self_cpu_time_total(self) -> float:
        return sum(e.self_cpu_time_total for e in self)

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0,
                     group_by_overload_name=False, include_python_functions=False) -> EventList:
        """One ``FunctionEventAvg`` per event name (and input shapes / top stack frames)."""
        groups = {}
        for e in self:
            key = (e.key,)
            if group_by_input_shape:
                key += (str(e.input_shapes),)
            if group_by_stack_n > 0:
                key += tuple(e.stack[:group_by_stack_n])
            groups.setdefault(key, FunctionEventAvg()).add(e)
        averages = EventList(groups.values(), profile_memory=self._profile_memory)
        for avg in averages:
            avg.stack = avg.stack[:group_by_stack_n] if avg.stack else []
            if not group_by_input_shape:
                avg.input_shapes = ""
        return averages

    def total_average(self) -> FunctionEventAvg:
        total = FunctionEventAvg()
        for e in self:
            total.add(e)
        total.key = "Total"
        return total

    def table(self, sort_by=None, row_limit=100, max_src_column_width=75,
              max_name_column_width=55, max_shapes_column_width=80, header=None,
              top_level_events_only=False, time_unit=None) -> str:
        """The events as torch's text table (same columns, widths and number formats)."""
        return _build_table(self, sort_by, header, row_limit, max_src_column_width,
                            max_name_column_width, max_shapes_column_width,
                            self._profile_memory, top_level_events_only, time_unit)

    def __str__(self) -> str:
        return self.table()

    def export_chrome_trace(self, path) -> None:
        write_chrome_trace(self, path)


# -- the table --------------------------------------------------------------------------


def _format_time(time_us: float) -> str:
    if time_us >= US_IN_SECOND:
        return f"{time_us / US_IN_SECOND:.3f}s"
    if time_us >= US_IN_MS:
        return f"{time_us / US_IN_MS:.3f}ms"
    return f"{time_us:.3f}us"


def _format_time_in(time_us: float, unit) -> str:
    if unit == "s":
        return f"{time_us / US_IN_SECOND:.3f}s"
    if unit == "ms":
        return f"{time_us / US_IN_MS:.3f}ms"
    if unit == "us":
        return f"{time_us:.3f}us"
    return _format_time(time_us)


def _format_share(time_us: float, total_us: float) -> str:
    if total_us == 0:
        return "NaN"
    return f"{time_us * 100.0 / total_us:.2f}%"


def _format_memory(nbytes: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if abs(nbytes) >= size:
            return f"{nbytes / size:.2f} {unit}"
    return f"{nbytes} B"


def _build_table(events, sort_by, header, row_limit, max_src_width, max_name_width,
                 max_shapes_width, profile_memory, top_level_only, time_unit) -> str:
    """torch's layout: a name column, 12-wide numeric columns, two spaces between."""
    if len(events) == 0:
        return ""
    if sort_by is not None:
        attr = sort_by.replace("cuda", "device").replace("xpu", "device")
        events = sorted(events, key=lambda e: getattr(e, attr), reverse=True)
    has_shapes = any(e.input_shapes for e in events)
    stacks = [e.stack for e in events if e.stack]

    name_width = max(len(e.key) for e in events) + 4
    if max_name_width is not None:
        name_width = min(name_width, max_name_width)
    headers = ["Name", "Self CPU %", "Self CPU", "CPU total %", "CPU total", "CPU time avg"]
    if profile_memory:
        headers += ["CPU Mem", "Self CPU Mem"]
    headers.append("# of Calls")
    widths = [name_width] + [12] * (len(headers) - 1)
    aligns = [">"] * len(headers)
    if has_shapes:
        headers.append("Input Shapes")
        shapes_width = max(len(str(e.input_shapes or [])) for e in events) + 4
        widths.append(min(shapes_width, max_shapes_width) if max_shapes_width else shapes_width)
        aligns.append(">")
    if stacks:
        headers.append("Source Location")
        src_width = max(len(line) for s in stacks for line in s) + 4
        widths.append(min(src_width, max_src_width) if max_src_width else src_width)
        aligns.append("<")
    row_format = "".join("{: " + a + str(w) + "}  " for a, w in zip(aligns, widths, strict=True))
    separator = "".join("-" * w + "  " for w in widths)
    line_length = sum(w + 2 for w in widths) - 2

    total_self = sum(e.self_cpu_time_total for e in events)
    lines = []
    if header is not None:
        lines += ["=" * line_length, header]
    if top_level_only:
        lines += ["=" * line_length, "This report only display top-level ops statistics"]
    lines += [separator, row_format.format(*headers), separator]

    shown = 0
    for e in events:
        if shown == row_limit:
            break
        if top_level_only and e.cpu_parent is not None:
            continue
        shown += 1
        name = e.key
        if max_name_width is not None and len(name) >= max_name_width - 3:
            name = name[:max_name_width - 3] + "..."
        row = [name, _format_share(e.self_cpu_time_total, total_self),
               _format_time_in(e.self_cpu_time_total, time_unit),
               _format_share(e.cpu_time_total, total_self),
               _format_time_in(e.cpu_time_total, time_unit),
               _format_time_in(e.cpu_time, time_unit)]
        if profile_memory:
            row += [_format_memory(e.cpu_memory_usage), _format_memory(e.self_cpu_memory_usage)]
        row.append(e.count)
        if has_shapes:
            row.append(str(e.input_shapes or [])[:widths[len(row)]])
        if stacks:
            row.append(_trim_path(e.stack[0], widths[-1]) if e.stack else "")
        lines.append(row_format.format(*row))
        if stacks:
            blank = [""] * (len(headers) - 1)
            for entry in e.stack[1:]:
                lines.append(row_format.format(*blank, _trim_path(entry, widths[-1])))
            lines.append(row_format.format(*blank, ""))
    lines.append(separator)
    lines.append(f"Self CPU time total: {_format_time_in(total_self, time_unit)}")
    return "\n".join(lines) + "\n"


def _trim_path(path: str, width: int) -> str:
    if len(path) > width:
        path = path[len(path) - width:]
        if len(path) > 3:
            path = "..." + path[3:]
    return path


# -- Chrome trace -----------------------------------------------------------------------


def write_chrome_trace(events, path, base_us: float = 0.0) -> None:
    """Write ``events`` as Chrome trace JSON (chrome://tracing, Perfetto, edge://tracing).

    Complete events (``"ph": "X"``) carry the ranges; flow events (``"fwdbwd"``)
    link each forward op to the backward node it recorded, as torch's traces do.
    """
    pid = os.getpid()
    trace = []
    threads = sorted({e.thread for e in events})
    trace.append({"ph": "M", "name": "process_name", "pid": pid, "tid": 0,
                  "args": {"name": "python"}})
    for tid in threads:
        trace.append({"ph": "M", "name": "thread_name", "pid": pid, "tid": tid,
                      "args": {"name": f"thread {tid} (python)"}})
    forward_of = {}
    for e in events:
        ts = base_us + e.start_us
        args = {"External id": e.id}
        if e.sequence_nr >= 0:
            args["Sequence number"] = e.sequence_nr
        if e.input_shapes:
            args["Input Dims"] = e.input_shapes
        if e.stack:
            args["Call stack"] = ";".join(e.stack)
        trace.append({"ph": "X", "cat": e.category, "name": e.name, "pid": pid,
                      "tid": e.thread, "ts": round(ts, 3), "dur": round(e.cpu_time_total, 3),
                      "args": args})
        if e.sequence_nr >= 0 and e.category == "cpu_op":
            if e.name.startswith(_BACKWARD_PREFIX):
                if e.sequence_nr in forward_of:
                    trace.append({"ph": "f", "id": e.sequence_nr, "pid": pid, "tid": e.thread,
                                  "ts": round(ts, 3), "cat": "fwdbwd", "name": "fwdbwd",
                                  "bp": "e"})
            elif e.cpu_parent is None or e.cpu_parent.sequence_nr != e.sequence_nr:
                forward_of[e.sequence_nr] = e
                trace.append({"ph": "s", "id": e.sequence_nr, "pid": pid, "tid": e.thread,
                              "ts": round(ts, 3), "cat": "fwdbwd", "name": "fwdbwd"})
    document = {"schemaVersion": 1, "deviceProperties": [], "displayTimeUnit": "ms",
                "traceEvents": trace, "traceName": str(path)}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1)


_BACKWARD_PREFIX = "autograd::engine::evaluate_function: "
