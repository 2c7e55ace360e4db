"""NPS Lens core library: text processing, encoders, classifiers and analysis.

Nothing here imports FastAPI, training loops or CLI parsing; ``api``, ``training``
and ``cli`` build on this package (an import-linter contract keeps it so).
"""

__version__ = "0.1.0"
