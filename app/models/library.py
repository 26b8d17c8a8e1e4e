"""Placeholder: the tables land with their feature."""
