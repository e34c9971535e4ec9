"""The floor under every app: plain-Python vocabulary shared by importers, extraction, speeches
and tracker. No Django and no project package (tests/test_layers.py), so the pure libraries
(speeches.importers, speeches.extraction) may import it."""
