"""The product owners' tools: the sentences and their typed words, the glossary, the
check of every feature file (``make lint``), the layout (``make format``), the reading order."""
