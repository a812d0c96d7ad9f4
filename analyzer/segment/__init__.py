"""Segmentation of read documents into clauses."""

from .clauses import segment
from .numbering import Marker, parse_marker

__all__ = ["Marker", "parse_marker", "segment"]
