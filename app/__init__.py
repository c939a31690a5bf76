"""Auyl Office: the self-governing office of a village community centre."""

__version__ = "0.1.0"
