"""Pieces of pages: the shell, chart cards, lazy tables, embed code, navigation. Imports charts, warehouse, core."""
