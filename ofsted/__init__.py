"""Ofsted children's services inspections: texts in, a validated DuckDB warehouse out."""

__version__ = "0.1.0"
