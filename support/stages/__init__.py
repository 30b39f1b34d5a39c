"""``make test``: every stage run and reported (``python -m support.stages``), and the
shares of the scenarios that spread a run over machines (``SHARD=k/N``)."""
