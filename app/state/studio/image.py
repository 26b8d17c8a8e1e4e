"""Image studio: text-to-image and image-to-image, with live results in place."""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

import reflex as rx

from app.services import generation, jobs, library
from app.services.platform import ServiceError
from app.state.auth import AuthState
from app.state.inputs import one
from app.state.studio.base import StudioMixin, credits_text, split_points
from app.state.studio.history import HistoryPickerMixin
from app.state.variants import VariantsFormMixin

ROUTE = "/studio/image"
UPLOAD_ID = "image-studio-upload"
MAX_RESULTS = 24
ASPECTS = {"1:1": 1.0, "16:9": 16 / 9, "9:16": 9 / 16, "4:3": 4 / 3, "3:2": 3 / 2}


def image_tile(asset: dict[str, Any], *, new: bool = False) -> dict[str, str]:
    """One result tile (plain strings only)."""
    return {
        "id": asset["id"],
        "url": asset["url"],
        "thumb": asset.get("thumbnail_url") or asset["url"],
        "prompt": asset.get("prompt") or "",
        "style": (asset.get("style") or "").capitalize(),
        "model": asset.get("model") or "",
        "job_id": asset.get("job_id") or "",
        "size": f"{asset['width']}×{asset['height']}" if asset.get("width") else "",
        "aspect": _aspect_of(asset.get("width"), asset.get("height")),
        "new": "1" if new else "",
    }


def _aspect_of(width: int | None, height: int | None) -> str:
    if not width or not height:
        return "1:1"
    ratio = width / height
    return min(ASPECTS, key=lambda name: abs(ASPECTS[name] - ratio))


class ImageStudioState(StudioMixin, HistoryPickerMixin, VariantsFormMixin, AuthState):
    ROUTE: ClassVar[str] = ROUTE
    CONTENT_TYPE: ClassVar[str] = "image"
    SERVICE: ClassVar[str] = "image_generation"
    MODES: ClassVar[tuple[str, ...]] = ("t2i", "i2i")
    STYLES: ClassVar[tuple[str, ...]] = generation.IMAGE_STYLES
    RATIOS: ClassVar[tuple[str, ...]] = generation.IMAGE_RATIOS

    mode: str = "t2i"
    style: str = "studio"
    aspect_ratio: str = "1:1"
    n: int = 1
    results: list[dict[str, str]] = []
    pending_tiles: list[int] = []
    zoom_url: str = ""
    zoom_caption: str = ""
    delete_id: str = ""
    # Parameters of the jobs this tab submitted, so "Regenerate" repeats them exactly.
    _job_params: dict[str, dict[str, Any]] = {}

    # --- hooks ------------------------------------------------------------------------

    def _model_choices(self) -> list[generation.ModelChoice]:
        return generation.model_choices("image", self.mode, n=self.n)

    def _cost_text(self, choice: generation.ModelChoice) -> str:
        return f"{credits_text(choice.unit_credits)} / image"

    def _job_finished(self, user_id: str, view: jobs.JobView) -> None:
        self.pending_tiles = []
        if view.status != "completed":
            return
        fresh = []
        for asset_id in view.asset_ids:
            try:
                fresh.append(image_tile(library.get_asset(user_id, asset_id), new=True))
            except ServiceError:
                continue
        old = [{**r, "new": ""} for r in self.results if r["id"] not in view.asset_ids]
        self.results = (fresh + old)[:MAX_RESULTS]

    # --- loading ----------------------------------------------------------------------

    def _load_results(self, user_id: str) -> None:
        _, items = library.find_assets(user_id, kind="image", limit=MAX_RESULTS)
        self.results = [image_tile(a) for a in items]

    @rx.event
    def load(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        self.form_error = ""
        self.zoom_url = self.delete_id = ""
        self._refresh_models()
        self._refresh_balance(user.id)
        self._load_results(user.id)
        self.loaded = True
        follow = self._resume_job(user.id)
        if not self.job_active:
            self.pending_tiles = []
        return follow

    # --- settings ------------------------------------------------------------------------

    @rx.event
    def set_n(self, value: str | list[str]):
        value = one(value)
        try:
            n = int(value)
        except (TypeError, ValueError):
            return
        if 1 <= n <= generation.MAX_IMAGES:
            self.n = n
            self._refresh_models()

    # --- generate ---------------------------------------------------------------------------

    def _params(self) -> dict[str, Any]:
        return {
            "prompt": self.prompt.strip(),
            "mode": self.mode,
            "model": self.model,
            "style": self.style,
            "aspect_ratio": self.aspect_ratio,
            "n": self.n,
            "source_upload_id": self.upload_id or None,
            "selling_points": split_points(self.selling_points),
            "product_name": self.product_name.strip(),
            "use_brand_profile": self.use_brand,
        }

    def _submit(self, params: dict[str, Any]):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if self.job_active:
            self.form_error = "Wait for the current images to finish, or cancel them."
            return None
        if not params["prompt"]:
            self.form_error = "Describe the image you want first."
            return None
        if params["mode"] == "i2i" and not params["source_upload_id"]:
            self.form_error = "Upload a product photo for image-to-image, or switch to text-to-image."
            return None
        try:
            view = generation.submit_image(user, params)
        except ServiceError as exc:
            return self._submit_error(exc)
        self.form_error = ""
        self._job_params = {**self._job_params, view.job_id: params}
        self.pending_tiles = list(range(int(params["n"])))
        self._start_job(view)
        self._refresh_balance(user.id)
        # On phones the results sit below the controls: bring the progress into view.
        return [ImageStudioState.follow_job, rx.scroll_to("results-panel")]

    @rx.event
    def generate(self):
        return self._submit(self._params())

    @rx.event
    def retry(self):
        """Run the failed or cancelled job again with its parameters."""
        params = self._job_params.get(self.job_id)
        return self._submit(dict(params) if params else self._params())

    @rx.event
    def regenerate(self, asset_id: str):
        """One more image with the settings that made this one."""
        tile = next((r for r in self.results if r["id"] == asset_id), None)
        if tile is None:
            return None
        params = self._job_params.get(tile["job_id"])
        if params is None:
            params = {
                **self._params(),
                "prompt": tile["prompt"] or self.prompt.strip(),
                "style": tile["style"].lower() or self.style,
                "model": tile["model"] or self.model,
                "aspect_ratio": tile["aspect"],
            }
        # A fresh seed: the local engines otherwise repeat the same picture for the same prompt.
        return self._submit({**params, "n": 1, "seed": secrets.randbelow(2**31)})

    # --- result tiles ---------------------------------------------------------------------

    @rx.event
    def zoom(self, asset_id: str):
        tile = next((r for r in self.results if r["id"] == asset_id), None)
        self.zoom_url = tile["url"] if tile else ""
        self.zoom_caption = tile["prompt"] if tile else ""

    @rx.event
    def close_zoom(self, open_: bool = False):
        if not open_:
            self.zoom_url = ""

    @rx.event
    def download(self, asset_id: str):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            url = library.download_url(user.id, str(asset_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.download(url=rx.Var.create(url))

    @rx.event
    def ask_delete(self, asset_id: str):
        self.delete_id = asset_id if any(r["id"] == asset_id for r in self.results) else ""

    @rx.event
    def cancel_delete(self, open_: bool = False):
        if not open_:
            self.delete_id = ""

    @rx.event
    def confirm_delete(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        asset_id, self.delete_id = self.delete_id, ""
        if not asset_id:
            return None
        try:
            # The id came from the browser: the service deletes only the caller's own asset.
            library.delete_asset(user.id, asset_id)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.results = [r for r in self.results if r["id"] != asset_id]
        return rx.toast.success("Image deleted.")
