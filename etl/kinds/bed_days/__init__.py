"""The bed-days kind: the eSundhed export (export.py) and its loader."""
