"""``python -m bridge``: the side-by-side training job (see ``bridge.main``)."""
import sys

from .main import main

sys.exit(main())
