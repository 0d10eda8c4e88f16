"""Runnable recipes that use the bridge (``python -m bridge.examples.<name>``).

* ``ddp_continue``: train a model in minigrad, export its checkpoint, continue
  training in PyTorch with DistributedDataParallel on 2 local processes.
"""
