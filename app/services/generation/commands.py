"""The command bar's language: ``/image <prompt>`` and ``/video <prompt>`` with the defaults.

A command starts the same job the studios and the REST API start (same checks, prices, quotas
and refunds); only the settings come from the defaults a studio opens with: one 1:1 image on
the default image model, or a 9:16 ad of ``VIDEO_SECONDS`` s at 720p with voiceover and music;
the brand profile is used when the user has one (as the studios' switch starts on).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.models.accounts import User
from app.services.generation.submit import submit_image, submit_video
from app.services.jobs import JobView
from app.services.platform import InvalidInput

CommandKind = Literal["image", "video"]
COMMANDS: dict[str, CommandKind] = {"/image": "image", "/img": "image", "/video": "video", "/vid": "video"}
VIDEO_SECONDS = 10
HELP = "Type /image or /video, then what to make, e.g. /image a red ceramic mug on an oak table."


@dataclass(frozen=True)
class Command:
    kind: CommandKind
    prompt: str


def parse_command(text: str) -> Command:
    """``/image`` or ``/video`` and a prompt; anything else is refused with how to write it."""
    text = (text or "").strip()
    if not text.startswith("/"):
        raise InvalidInput(HELP)
    word, _, rest = text.partition(" ")
    kind = COMMANDS.get(word.lower())
    if kind is None:
        raise InvalidInput(f"Unknown command {word}. {HELP}")
    prompt = rest.strip()
    if not prompt:
        raise InvalidInput(f"Say what to make after {word}, e.g. {word} a glass bottle on wet slate.")
    return Command(kind, prompt)


def run_command(user: User, text: str) -> tuple[Command, JobView]:
    command = parse_command(text)
    params = {"prompt": command.prompt, "use_brand_profile": True}
    if command.kind == "image":
        return command, submit_image(user, {**params, "n": 1})
    video = {**params, "duration": VIDEO_SECONDS, "resolution": "720p", "aspect_ratio": "9:16"}
    return command, submit_video(user, video)
