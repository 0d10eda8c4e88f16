"""Probability distributions (``torch.distributions``): Categorical, Normal, Bernoulli.

Enough for policy-gradient code (``Categorical(probs).sample()``, ``log_prob``,
``entropy``) and Gaussian likelihoods and reparametrized samples.  ``log_prob``,
``entropy``, ``mean`` and ``rsample`` are built from minigrad ops, so gradients
flow to the parameters.  Sampling uses minigrad's generator.
"""
from .bernoulli import Bernoulli
from .categorical import Categorical
from .distribution import Distribution
from .normal import Normal

__all__ = ["Bernoulli", "Categorical", "Distribution", "Normal"]
