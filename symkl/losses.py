"""``import symkl.losses`` keeps working: the torch-style losses live in :mod:`symkl.numeric.losses`.

>>> import symkl.losses, symkl.numeric.losses
>>> symkl.losses.kl_div is symkl.numeric.losses.kl_div
True
"""

from .numeric.losses import *  # noqa: F403
from .numeric.losses import __all__ as __all__
