"""Templates fixtures: the API on a migrated database with embedded Redis, users with credits,
an editor project opened (through ``editor.open_project``) from a small video whose kept timeline
has two solid-colour stills, a caption and a music bed, and a way to run queued jobs here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from app.db import session_scope, write_session
from app.media.audio import write_music
from app.media.ffmpeg import run_ffmpeg
from app.media.render import render
from app.media.timeline import TimelineSpec
from app.models.accounts import User
from app.models.assets import Asset
from app.services import editor
from app.services.platform import get_storage
from tests.support.api_fixtures import client as client
from tests.support.api_fixtures import redis_url as redis_url
from tests.support.api_fixtures import run_pending as run_pending
from tests.support.api_fixtures import sign_up

RED, BLUE, GREEN = (200, 30, 30), (30, 60, 200), (30, 190, 60)


@pytest.fixture
def signup(client: TestClient):
    """sign_up(email, credits, plan) -> (User, auth headers)."""

    def signed_up(email: str, credits_: int = 100, plan: str = "pro") -> tuple[User, dict[str, str]]:
        return sign_up(client, email, credits_, plan)

    return signed_up


def put_image(user_id: str, name: str, rgb: tuple[int, int, int], tmp: Path) -> str:
    """A solid-colour PNG in the user's storage folder; returns its key."""
    path = tmp / f"{name}.png"
    Image.new("RGB", (360, 640), rgb).save(path)
    key = f"users/{user_id}/sources/test/{name}.png"
    get_storage().put(key, path.read_bytes(), "image/png")
    return key


def library_image(user_id: str, name: str, rgb: tuple[int, int, int], tmp: Path) -> str:
    """A library image asset of one colour; returns its id."""
    key = put_image(user_id, name, rgb, tmp)
    asset = Asset(
        user_id=user_id, kind="image", storage_key=key, content_type="image/png", width=360, height=640
    )
    with write_session() as s:
        s.add(asset)
    return asset.id


def project_timeline(user_id: str, tmp: Path) -> TimelineSpec:
    red = put_image(user_id, "red", RED, tmp)
    blue = put_image(user_id, "blue", BLUE, tmp)
    music = tmp / "bed.wav"
    write_music(music, "energetic", 3.0)
    music_key = f"users/{user_id}/sources/test/bed.wav"
    get_storage().put(music_key, music.read_bytes(), "audio/wav")
    return TimelineSpec.model_validate(
        {
            "output": {"aspect": "9:16", "resolution": "360p", "fps": 24, "preset": "ultrafast"},
            "clips": [
                {"id": "c1", "source": red, "duration": 1.5},
                {"id": "c2", "source": blue, "duration": 1.5},
            ],
            "texts": [
                {
                    "id": "t1",
                    "text": "SALE",
                    "start": 0.0,
                    "end": 3.0,
                    "position": "center",
                    "size": 200,
                    "color": "#FFFFFF",
                    "box": False,
                    "animation": "none",
                }
            ],
            "audio": [{"id": "a1", "kind": "music", "source": music_key, "volume": 0.5}],
        }
    )


def make_project(user: User, tmp: Path) -> str:
    """A project opened through the editor from a rendered video whose timeline is kept beside it."""
    tmp.mkdir(parents=True, exist_ok=True)
    spec = project_timeline(user.id, tmp)
    editor.fetch_sources(spec, tmp / "work")
    out = tmp / "video.mp4"
    render(spec, out, workdir=tmp / "work")
    storage = get_storage()
    asset = Asset(
        user_id=user.id,
        kind="video",
        storage_key=f"users/{user.id}/assets/{tmp.name}.mp4",
        content_type="video/mp4",
        width=360,
        height=640,
        duration=spec.duration,
        prompt="Summer sale",
    )
    timeline_key = f"users/{user.id}/sources/test/{tmp.name}-timeline.json"
    asset.meta = {"timeline_key": timeline_key}
    storage.put(asset.storage_key, out.read_bytes(), "video/mp4")
    storage.put(timeline_key, json.dumps(spec.model_dump(mode="json")).encode(), "application/json")
    with write_session() as s:
        s.add(asset)
    return editor.open_project(user.id, asset.id).project_id


def frame_at(video: bytes, at: float, tmp: Path) -> Image.Image:
    """The decoded frame of an MP4 at ``at`` seconds."""
    tmp.mkdir(parents=True, exist_ok=True)
    src, png = tmp / "v.mp4", tmp / f"f{at:.2f}.png"
    src.write_bytes(video)
    result = run_ffmpeg(["-y", "-ss", f"{at:.3f}", "-i", str(src), "-frames:v", "1", str(png)], timeout=60)
    assert result.returncode == 0, result.stderr[-800:]
    return Image.open(png).convert("RGB")


def near(pixel: tuple[int, ...], rgb: tuple[int, int, int], tol: int = 40) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(pixel, rgb, strict=False))


def count_near(img: Image.Image, rgb: tuple[int, int, int], tol: int = 50) -> int:
    return sum(1 for p in img.getdata() if near(p, rgb, tol))


def asset_bytes(asset_id: str) -> bytes:
    with session_scope() as s:
        asset = s.get(Asset, asset_id)
        assert asset is not None
        return get_storage().get(asset.storage_key)
