"""Placeholder: the routes land with their feature."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
