"""Service views -> the few strings a pro-mode page shows (pure functions, no state)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The seven quality metrics in the order the page lists them, with their short labels.
METRICS: tuple[tuple[str, str], ...] = (
    ("subject_consistency", "Subject"),
    ("background_consistency", "Background"),
    ("motion_smoothness", "Smoothness"),
    ("dynamic_degree", "Motion amount"),
    ("temporal_flicker", "No flicker"),
    ("imaging_quality", "Image quality"),
    ("hero_fidelity", "Hero fidelity"),
)
METRIC_KEYS = tuple(k for k, _ in METRICS)
METRIC_LABELS = dict(METRICS)


def route_ref(path: str, prefix: str) -> str:
    """The id in ``<prefix>/<id>`` (a dynamic route), or "" on the bare prefix."""
    path = (path or "").rstrip("/")
    if not path.startswith(prefix + "/"):
        return ""
    return path[len(prefix) + 1 :].split("/")[0][:64]


def credits_text(n: int) -> str:
    return "Free" if n == 0 else f"{n} credit{'' if n == 1 else 's'}"


def model_rows(models: Any, unit: str) -> list[dict[str, str]]:
    """Picker rows for pro mode's models: name, vendor and the price of one ``unit``."""
    return [
        {
            "id": m.id,
            "label": m.label,
            "vendor": "Offline engine" if m.is_local else m.vendor,
            "cost": str(m.credits),
            "cost_text": f"{credits_text(m.credits)} per {unit}",
        }
        for m in models
    ]


def chosen_model(rows: list[dict[str, str]], current: str) -> tuple[str, int]:
    """The picked model if it is still offered, else the first; with its unit price."""
    row = next((r for r in rows if r["id"] == current), rows[0] if rows else None)
    return (row["id"], int(row["cost"])) if row else ("", 0)


def _is_num(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def score_text(value: Any) -> str:
    return f"{float(value):.2f}" if _is_num(value) else "–"


def score_pct(value: Any) -> str:
    return str(round(max(0.0, min(1.0, float(value))) * 100)) if _is_num(value) else "0"


def score_fields(scores: Mapping[str, Any] | None, overall: Any = None) -> dict[str, str]:
    """``{metric: "0.82", metric_pct: "82", overall, weakest}`` for the score table."""
    scores = scores or {}
    out: dict[str, str] = {"overall": score_text(overall if _is_num(overall) else scores.get("overall"))}
    present = {k: float(scores[k]) for k in METRIC_KEYS if _is_num(scores.get(k))}
    for key in METRIC_KEYS:
        out[key] = score_text(scores.get(key))
        out[f"{key}_pct"] = score_pct(scores.get(key))
    out["weakest"] = min(present, key=lambda k: present[k]) if present else ""
    return out


def when_text(value: Any) -> str:
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text[:16].replace("T", " ")


def candidate_tile(c: Any) -> dict[str, str]:
    aspect = str(c.aspect_ratio or "")
    return {
        "id": str(c.asset_id),
        "url": c.url or "",
        "thumb": c.thumbnail_url or c.url or "",
        "prompt": str(c.prompt or ""),
        "seed": "" if c.seed is None else str(c.seed),
        "model": str(c.model or ""),
        "aspect": aspect,
        "aspect_css": aspect.replace(":", " / ") if ":" in aspect else "1 / 1",
        "round": str(c.round),
        "dims": f"{c.width}×{c.height}" if c.width else "",
    }


def history_row(it: Any) -> dict[str, str]:
    seeds = list(it.seeds or [])
    return {
        "n": str(it.n),
        "prompt": str(it.prompt or ""),
        "seeds": ", ".join(str(s) for s in seeds[:8]),
        "mutation": str(it.mutation or ""),
        "status": str(it.job_status or ""),
        "when": when_text(it.created_at),
    }


def attempt_card(a: Any, n: int) -> dict[str, str]:
    status = str(a.status or "pending")
    progress = int(a.progress or (100 if status == "completed" else 0))
    return {
        "asset_id": str(a.asset_id or ""),
        "job_id": str(a.job_id or ""),
        "n": str(n),
        "status": status,
        "progress": str(max(0, min(100, progress))),
        "step": str(a.step or ("Queued" if status == "pending" else "")),
        "error": str(a.error or "This attempt failed; its credits were returned."),
        "url": str(a.url or ""),
        "thumb": str(a.thumbnail_url or ""),
        "is_auto": "1" if a.is_auto_pick else "",
        "is_user": "1" if a.is_user_pick else "",
        "is_final": "1" if a.is_final else "",
        **score_fields(a.scores, a.overall),
    }


def diff_texts(parts: Any) -> tuple[str, str]:
    """What a version added to and removed from the previous version's prompt."""
    added = " ".join(p.text for p in parts or [] if p.op == "add").strip()
    removed = " ".join(p.text for p in parts or [] if p.op == "remove").strip()
    return added[:300], removed[:300]


def version_row(v: Any) -> dict[str, str]:
    added, removed = diff_texts(v.prompt_diff)
    delta = v.overall_delta
    return {
        "id": str(v.version_id),
        "n": str(v.iteration),
        "chosen_id": str(v.chosen_asset_id or ""),
        "url": str(v.chosen_url or ""),
        "picked_by": {"user": "you", "auto": "auto pick"}.get(str(v.chosen_by or ""), "not yet"),
        "overall": score_text(v.overall),
        "delta": "" if not _is_num(delta) else ("±0.00" if abs(delta) < 0.005 else f"{float(delta):+.2f}"),
        "delta_up": "1" if _is_num(delta) and float(delta) >= 0 else "",
        "motion_prompt": str(v.motion_prompt or ""),
        "feedback": str(v.feedback or ""),
        "added": added,
        "removed": removed,
        "when": when_text(v.created_at),
        "is_final": "1" if v.is_final else "",
    }


def trend_point(v: Any) -> dict[str, Any]:
    return {
        "iteration": f"#{v.iteration}",
        "overall": round(float(v.overall), 3) if _is_num(v.overall) else None,
    }


def compare_side(v: Any) -> dict[str, str]:
    return {
        "id": str(v.version_id),
        "n": str(v.iteration),
        "asset_id": str(v.chosen_asset_id or ""),
        "url": str(v.chosen_url or ""),
        "thumb": "",
        "motion_prompt": str(v.motion_prompt or ""),
        **score_fields(v.scores, v.overall),
    }
