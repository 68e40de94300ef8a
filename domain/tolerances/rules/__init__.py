"""Versioned legal tolerance rule tables (``v1.json``, ...), shipped as package data.

Each file is frozen once released: a stored check names the version it was judged by, and
``evaluate_check(..., rule_version=...)`` must reproduce that verdict forever. Changes go into a
new ``vN.json``; old files are never edited.
"""
