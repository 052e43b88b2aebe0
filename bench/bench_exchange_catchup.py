"""Registers the store-and-forward catch-up benchmark (``bench/exchange_catchup.py``) with
``python -m bench``; ``python -m bench exchange_catchup`` runs it alone."""

from bench.exchange_catchup import run

__all__ = ["run"]
