"""Interleaved timing: engines alternate inside every repetition."""
from __future__ import annotations

import statistics
import time
from typing import Callable, Dict


# what a measurement reads: wall time (default), or the process's CPU time, which other
# processes on a shared machine disturb far less (meaningful for one thread only)
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
clock = CLOCKS["wall"]


def _calibrate(fn: Callable, sync: Callable, min_time: float) -> int:
    """How many calls make one measurement last at least ``min_time`` seconds."""
    number = 1
    while True:
        start = clock()
        for _ in range(number):
            fn()
        sync()
        if clock() - start >= min_time or number >= 1 << 12:
            return number
        number *= 2


def interleaved(fns: Dict[str, Callable], syncs: Dict[str, Callable], reps: int,
                min_time: float = 0.02, warmup: int = 2) -> Dict[str, dict]:
    """Time every engine's ``fn``; rep ``i`` runs the engines in rotated order.

    Returns ``{engine: {"median_s": per-call median, "times": [...], "number": n}}``.
    """
    names = list(fns)
    for name in names:
        for _ in range(warmup):
            fns[name]()
        syncs[name]()
    numbers = {name: _calibrate(fns[name], syncs[name], min_time) for name in names}
    times = {name: [] for name in names}
    for rep in range(reps):
        order = names[rep % len(names):] + names[:rep % len(names)]
        for name in order:
            fn, sync, number = fns[name], syncs[name], numbers[name]
            sync()
            start = clock()
            for _ in range(number):
                fn()
            sync()
            times[name].append((clock() - start) / number)
    return {name: {"median_s": statistics.median(times[name]), "times": times[name],
                   "number": numbers[name]} for name in names}


def interleaved_phases(fns: Dict[str, Callable], syncs: Dict[str, Callable], reps: int,
                       phases: Dict[str, Callable], min_time: float = 0.02,
                       warmup: int = 2) -> Dict[str, Dict[str, dict]]:
    """``interleaved`` under several conditions at once: every repetition enters each phase
    (``phases[name]()`` sets it up, e.g. pauses or resumes background load) and times every
    engine in it, so slow drifts of the machine's load hit all phases alike.

    Returns ``{phase: {engine: {"median_s", "times", "number"}}}``.
    """
    names = list(fns)
    for name in names:
        for _ in range(warmup):
            fns[name]()
        syncs[name]()
    numbers = {name: _calibrate(fns[name], syncs[name], min_time) for name in names}
    times = {phase: {name: [] for name in names} for phase in phases}
    for rep in range(reps):
        for phase, enter in phases.items():
            enter()
            order = names[rep % len(names):] + names[:rep % len(names)]
            for name in order:
                fn, sync, number = fns[name], syncs[name], numbers[name]
                sync()
                start = clock()
                for _ in range(number):
                    fn()
                sync()
                times[phase][name].append((clock() - start) / number)
    return {phase: {name: {"median_s": statistics.median(t[name]), "times": t[name],
                           "number": numbers[name]} for name in names}
            for phase, t in times.items()}
