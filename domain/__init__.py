"""Verifield domain: record schemas, rules and workflows — pure Python, no I/O."""
