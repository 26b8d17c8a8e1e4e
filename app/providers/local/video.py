"""``local-video``: stills to motion clips, rendered by our ffmpeg timeline engine.

With planned scenes (``VideoRequest.scenes``) it makes a full ad: one still
per scene (the cut-out product composed into a synthesized scene for i2v, a
text-free scene graphic for t2v), a different camera move per scene,
transitions, the scenes' captions, a CTA end card, eSpeak NG voiceover lines
at their scenes' starts and a procedural music bed ducked under the voice.

Without scenes it makes one continuous clip: t2v draws a still with the local
image engine and moves the camera over it; i2v animates the cut-out over a
synthesized backdrop (parallax, or a turntable illusion for ``showcase_360``).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from app.media import ad_visuals
from app.media.ad_timeline import AdShot, build_ad_timeline, place_lines, scene_starts
from app.media.audio import MOODS, write_music
from app.media.captions import build_cues, words_from_events
from app.media.compositor import STYLES, make_scene
from app.media.ffmpeg import MediaError
from app.media.imaging import valid_palette
from app.media.motion import CAMERA_MOVES, parallax_clip, still_clip, turntable_clip
from app.media.render import render
from app.media.timeline import CaptionCue, CaptionTrack, OutputSpec, TimelineSpec
from app.media.tts import SAMPLE_RATE, SpeechError, pcm_to_wav, synthesize_timed, voice_for
from app.providers.base import GeneratedMedia, ImageRequest, RunContext, SceneBrief, VideoModel, VideoRequest
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.local.attempt_video import run_motion_attempt
from app.providers.local.editable import editable_extra
from app.providers.local.failures import cancelled, render_failure
from app.providers.local.image import LocalImageModel, headline_from
from app.providers.local.seeds import derive_seed

_STYLE_MOOD = {
    "luxury": "luxury",
    "showcase_360": "luxury",
    "tech": "tech",
    "eco": "eco",
    "energetic": "energetic",
    "playful": "playful",
    "lifestyle": "calm",
}
WATERMARK = "Content Studio · Free plan"
# When a scene brings no hints: backdrops, product treatments and graphics to cycle through.
_BACKDROPS = ("studio", "lifestyle", "minimalist", "studio", "lifestyle", "minimalist", "seasonal", "studio")
_TREATMENTS = ("still", "parallax", "closeup", "float", "still", "parallax", "closeup", "float")
_GRAPHICS = ("hero", "orbit", "hero", "burst", "steps", "hero", "orbit", "hero")
_FOREGROUND = {"parallax": "parallax", "float": "float", "turntable": "turntable"}
_AROUND_PRODUCT = {"center": "upper_third", "lower_third": "bottom"}
VOICE_RATE = 165
# The end card's button when the script brought no call to action.
_SHOP_NOW = {
    "en": "Shop now",
    "es": "Compra ahora",
    "de": "Jetzt kaufen",
    "fr": "Acheter",
    "pt": "Compre agora",
    "it": "Acquista ora",
    "ja": "今すぐ購入",
    "zh": "立即购买",
    "hi": "अभी खरीदें",
    "ar": "اشترِ الآن",
}


class LocalVideoModel(VideoModel):
    model_id = "local-video"
    label = "Local motion engine (offline)"
    supports_i2v = True

    def __init__(self, image_model: LocalImageModel | None = None) -> None:
        self.images = image_model or LocalImageModel()

    def run(self, request: VideoRequest, ctx: RunContext) -> list[GeneratedMedia]:
        duration = float(request.duration)
        if not 2.0 <= duration <= 30.0:
            raise ProviderError(ProviderErrorCode.INVALID_INPUT, "Clips can be 2 to 30 seconds long.")
        if request.motion is not None and not request.scenes:
            # Pro mode: the hero frame set in motion (camera path, parallax, subject motion).
            return run_motion_attempt(request, ctx)
        seed = derive_seed(
            ImageRequest(
                prompt=request.prompt,
                style=request.style,
                seed=request.seed,
                product_name=request.product_name,
                aspect_ratio=request.aspect_ratio,
            )
        )
        rng = np.random.default_rng([seed, 99])
        style = (request.style or "").lower()
        work = Path(tempfile.mkdtemp(prefix="local-video-"))
        if request.scenes:
            try:
                return self._ad(request, ctx, work, seed)
            finally:
                shutil.rmtree(work, ignore_errors=True)
        try:
            ctx.report(3, "Preparing stills")
            if request.mode == "i2v" or request.source_image:
                clip = self._product_clip(request, work, rng, duration, ctx)
            else:
                clip = self._still_clip(request, work, rng, duration, ctx, seed)
            if ctx.is_cancelled():
                raise cancelled()
            audio = []
            if request.music:
                mood = request.music_mood if request.music_mood in MOODS else _STYLE_MOOD.get(style, "calm")
                music = write_music(work / "music.wav", mood, duration, seed)
                audio.append(
                    {"kind": "music", "source": str(music), "volume": 0.8, "fade_in": 0.3, "fade_out": 0.8}
                )
            spec = TimelineSpec(
                output=OutputSpec(aspect=request.aspect_ratio, resolution=request.resolution, purpose="ad"),
                clips=[clip],
                audio=audio,
                grade="luxury" if style in ("luxury", "showcase_360") else "natural",
                fade_in=0.25,
                fade_out=0.4,
                watermark=WATERMARK if request.watermark else None,
            )
            ctx.report(35, "Rendering motion")
            result = render(
                spec,
                work / "clip.mp4",
                on_progress=lambda p: ctx.report(35 + int(60 * p), "Rendering motion"),
                workdir=work,
                is_cancelled=ctx.is_cancelled,
            )
            data = result.path.read_bytes()
            kept = editable_extra(
                spec, work, prompt=request.prompt, seed=seed, model=self.model_id, style=request.style
            )
            ctx.report(100, "Done")
            return [
                GeneratedMedia(
                    content_type="video/mp4",
                    data=data,
                    width=result.width,
                    height=result.height,
                    duration=result.duration,
                    extra={
                        "seed": seed,
                        "engine": self.model_id,
                        "thumbnail_jpeg": result.thumbnail.read_bytes(),
                        **kept,
                    },
                )
            ]
        except MediaError as exc:
            raise render_failure(exc) from exc
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _still_clip(
        self, request: VideoRequest, work: Path, rng, duration: float, ctx: RunContext, seed: int
    ):
        image_style = request.style if request.style in STYLES else None
        media = self.images.run(
            ImageRequest(
                prompt=request.prompt,
                mode="t2i",
                aspect_ratio=request.aspect_ratio,
                style=image_style,
                product_name=request.product_name,
                selling_points=request.selling_points,
                brand=request.brand,
                seed=seed,
            ),
            RunContext(report=lambda p, s: ctx.report(3 + p * 0.3, "Drawing the still")),
        )
        still = work / "still.png"
        still.write_bytes(media[0].data or b"")
        motion = CAMERA_MOVES[int(rng.integers(len(CAMERA_MOVES)))]
        return still_clip(
            still, duration, motion, light_sweep=(request.style or "") in ("luxury", "showcase_360")
        )

    def _product_clip(self, request: VideoRequest, work: Path, rng, duration: float, ctx: RunContext):
        if not request.source_image:
            raise ProviderError(ProviderErrorCode.INVALID_INPUT, "Image-to-video needs a product photo.")
        product = LocalImageModel._cut_out(request.source_image)
        ctx.report(15, "Product cut out")
        cut = work / "product.png"
        product.save(cut)
        size = OutputSpec(aspect=request.aspect_ratio, resolution="1080p").size
        palette = valid_palette(request.brand.color_palette if request.brand else None) or None
        style = (request.style or "studio").lower()
        scene_style = style if style in STYLES and style != "infographic" else "studio"
        scene = make_scene(scene_style, size[0], size[1], rng, palette, request.prompt)
        bg = work / "backdrop.png"
        scene.image.save(bg)
        ctx.report(30, "Backdrop ready")
        if style == "showcase_360":
            return turntable_clip(bg, cut, duration)
        return parallax_clip(bg, cut, duration, direction="left" if rng.random() < 0.5 else "right")

    # --- Multi-scene ads ------------------------------------------------------------------

    def _ad(self, request: VideoRequest, ctx: RunContext, work: Path, seed: int) -> list[GeneratedMedia]:
        try:
            spec, cues = self._ad_timeline(request, ctx, work, seed)
            if ctx.is_cancelled():
                raise cancelled()
            ctx.report(45, "Rendering the ad")
            result = render(
                spec,
                work / "ad.mp4",
                on_progress=lambda p: ctx.report(45 + int(53 * p), "Rendering the ad"),
                workdir=work,
                is_cancelled=ctx.is_cancelled,
            )
        except MediaError as exc:
            raise render_failure(exc) from exc
        # Each scene's own still carries its scene's prompt (shared backdrops the ad's prompt).
        scenes = request.scenes
        prompts = {
            str(work / f"scene_{i}.png"): s.visual_prompt for i, s in enumerate(scenes) if s.visual_prompt
        }
        kept = editable_extra(
            spec,
            work,
            prompt=request.prompt,
            seed=seed,
            model=self.model_id,
            style=request.style,
            prompts=prompts,
        )
        if cues:
            # Timed text for the .srt / .vtt beside the video (kept whether or not it is burned in).
            kept["captions"] = [c.model_dump() for c in cues]
        ctx.report(100, "Done")
        return [
            GeneratedMedia(
                content_type="video/mp4",
                data=result.path.read_bytes(),
                width=result.width,
                height=result.height,
                duration=result.duration,
                extra={
                    "seed": seed,
                    "engine": self.model_id,
                    "scenes": len(request.scenes),
                    "thumbnail_jpeg": result.thumbnail.read_bytes(),
                    **kept,
                },
            )
        ]

    def _ad_timeline(
        self, request: VideoRequest, ctx: RunContext, work: Path, seed: int
    ) -> tuple[TimelineSpec, list[CaptionCue]]:
        scenes = _fit_durations(request.scenes, float(request.duration))
        size = OutputSpec(aspect=request.aspect_ratio, resolution=request.resolution).size
        palette = valid_palette(request.brand.color_palette if request.brand else None) or None
        words = " ".join([request.prompt, request.product_name, *request.selling_points])
        product: Image.Image | None = None
        cut: Path | None = None
        if request.mode == "i2v" or request.source_image:
            if not request.source_image:
                raise ProviderError(ProviderErrorCode.INVALID_INPUT, "Image-to-video needs a product photo.")
            ctx.report(3, "Cutting out the product")
            product = LocalImageModel._cut_out(request.source_image)
            cut = work / "product.png"
            product.save(cut)
        shots: list[AdShot] = []
        cache: dict[tuple, Path] = {}
        for i, scene in enumerate(scenes):
            if ctx.is_cancelled():
                raise cancelled()
            ctx.report(8 + int(27 * i / len(scenes)), f"Drawing scene {i + 1} of {len(scenes)}")
            shots.append(self._scene_shot(scene, i, size, seed, palette, words, product, cut, work, cache))
        # Fast cuts re-use the other scenes' stills: more shots on screen at no drawing cost.
        for i, scene in enumerate(scenes):
            if scene.shot == "fast_cuts" and scene.duration >= 2.4:
                others = [s.image for j, s in enumerate(shots) if j != i and not s.foreground]
                shots[i].cuts = list(dict.fromkeys(o for o in others if o != shots[i].image))[:2]
        ctx.report(36, "Drawing the end card")
        headline = request.product_name.strip() or headline_from(request.prompt, "", max_words=6)
        subline = request.selling_points[0] if request.selling_points else ""
        card = work / "end_card.png"
        ad_visuals.end_card(
            size,
            np.random.default_rng([seed, 77]),
            palette,
            headline,
            request.cta.strip() or _SHOP_NOW.get(request.language, "Shop now"),
            product=product,
            subline=subline if subline.lower() != headline.lower() else "",
        ).save(card)
        total = round(sum(s.duration for s in scenes), 3)
        cues: list[CaptionCue] = []
        voice = None
        if request.voiceover:
            voice, cues = self._voice(scenes, total, work, ctx, request.language, request.aspect_ratio)
        burn = request.captions in ("word", "lower_third") and bool(cues)
        if burn:
            # The caption band sits above the bottom safe margin: scene captions move up out of its way.
            for shot in shots:
                shot.position = {"bottom": "upper_third", "lower_third": "upper_third"}.get(
                    shot.position, shot.position
                )
        music = None
        if request.music:
            mood = request.music_mood if request.music_mood in MOODS else None
            mood = mood or _STYLE_MOOD.get((request.style or "").lower(), "calm")
            music = write_music(work / "music.wav", mood, total, seed)
        grade = request.grade or ("luxury" if (request.style or "") == "showcase_360" else "natural")
        spec = build_ad_timeline(
            shots,
            aspect=request.aspect_ratio,
            resolution=request.resolution,
            transition=request.transition or "fade",
            grade=grade if grade in ("none", "cinematic", "luxury", "vibrant", "natural") else "natural",
            end_card=str(card),
            music=str(music) if music else None,
            music_volume=0.5 if voice else 0.8,
            voice=str(voice) if voice else None,
            watermark=WATERMARK if request.watermark else None,
        )
        if burn:
            accent = "#FFD60A"
            if palette and len(palette) > 1:
                accent = "#{:02X}{:02X}{:02X}".format(*palette[1][:3])
            track = CaptionTrack(style=request.captions, cues=cues, accent=accent, language=request.language)
            spec = spec.model_copy(update={"captions": track})
        return spec, cues

    def _scene_shot(
        self,
        scene: SceneBrief,
        i: int,
        size: tuple[int, int],
        seed: int,
        palette,
        words: str,
        product: Image.Image | None,
        cut: Path | None,
        work: Path,
        cache: dict[tuple, Path],
    ) -> AdShot:
        rng = np.random.default_rng([seed, 1000 + i])
        backdrop = (
            scene.backdrop if scene.backdrop in ad_visuals.BACKDROPS else _BACKDROPS[i % len(_BACKDROPS)]
        )
        motion = (
            scene.motion if scene.motion in CAMERA_MOVES else CAMERA_MOVES[(seed + i) % len(CAMERA_MOVES)]
        )
        position = scene.position or ("upper_third" if i == 0 else "lower_third")
        text = f"{words} {scene.visual_prompt}"
        shot = AdShot(
            image="", duration=scene.duration, motion=motion, caption=scene.text_overlay, position=position
        )
        if product is not None and cut is not None:
            # The product fills the middle of the frame: keep captions above or below it.
            shot.position = _AROUND_PRODUCT.get(position, position)
            treatment = scene.product or _TREATMENTS[i % len(_TREATMENTS)]
            if treatment in _FOREGROUND:
                key = ("backdrop", backdrop)
                if key not in cache:
                    cache[key] = work / f"backdrop_{len(cache)}.png"
                    ad_visuals.backdrop(backdrop, size, rng, palette, text).image.save(cache[key])
                shot.image = cache[key]
                shot.foreground = cut
                shot.foreground_motion = _FOREGROUND[treatment]
                if treatment == "parallax" and motion not in ("pan_left", "pan_right"):
                    shot.motion = "pan_left" if i % 2 else "pan_right"
                elif treatment == "turntable":
                    shot.foreground_scale, shot.light_sweep, shot.strength = 0.55, True, 0.5
                else:
                    shot.strength = 0.6
            else:
                closeup = treatment == "closeup"
                if closeup and backdrop == "minimalist":  # its podium would cut through a close-up
                    backdrop = "studio"
                shot.image = work / f"scene_{i}.png"
                ad_visuals.product_still(product, backdrop, size, rng, palette, text, closeup=closeup).save(
                    shot.image
                )
                if closeup:
                    shot.strength = 1.3
        else:
            # Scene graphics are cheap to draw: every scene gets its own.
            graphic = scene.graphic if scene.graphic in ad_visuals.GRAPHICS else _GRAPHICS[i % len(_GRAPHICS)]
            shot.image = work / f"scene_{i}.png"
            ad_visuals.graphic_still(graphic, backdrop, size, rng, palette, text).save(shot.image)
            shot.light_sweep = graphic == "orbit"
        return shot

    def _voice(
        self, scenes: list[SceneBrief], total: float, work: Path, ctx: RunContext, language: str, aspect: str
    ) -> tuple[Path | None, list[CaptionCue]]:
        """Each scene's line spoken at its scene's start, sped up a little when it would overrun.

        eSpeak's word events give each word its time: the captions' cues.
        """
        ctx.report(40, "Recording the voiceover")
        voice = voice_for(language)
        lines: list[tuple[float, float, bytes]] = []
        timed = []
        starts = scene_starts([s.duration for s in scenes])
        for scene, start in zip(scenes, starts, strict=True):
            text = scene.voiceover.strip()
            if not text:
                continue
            window = max(0.5, scene.duration - 0.4)
            try:
                pcm, events = synthesize_timed(text, voice, VOICE_RATE)
                spoken = len(pcm) / 2 / SAMPLE_RATE
                if spoken > window:
                    rate = min(260, int(VOICE_RATE * spoken / window) + 8)
                    pcm, events = synthesize_timed(text, voice, rate)
                    spoken = len(pcm) / 2 / SAMPLE_RATE
            except SpeechError as exc:
                raise ProviderError(ProviderErrorCode.FAILED, detail=f"voiceover: {exc}") from exc
            lines.append((start + 0.25, window, pcm_to_wav(pcm)))
            timed.append(words_from_events(text, events, offset=start + 0.25, spoken=spoken, limit=window))
        if not lines:
            return None, []
        path = work / "voice.wav"
        path.write_bytes(place_lines(lines, total))
        max_chars = 26 if aspect == "9:16" else 36
        cues = [c for c in build_cues(timed, max_chars=max_chars) if c.end <= total + 1e-6]
        return path, cues


def _fit_durations(scenes: list[SceneBrief], total: float) -> list[SceneBrief]:
    """Scenes whose lengths add up to the paid duration (a planner rounding off is stretched away)."""
    current = sum(max(0.0, s.duration) for s in scenes)
    if current <= 0:
        raise ProviderError(ProviderErrorCode.INVALID_INPUT, "The scenes have no length.")
    if abs(current - total) <= 0.01:
        return list(scenes)
    factor = total / current
    out, used = [], 0.0
    for k, s in enumerate(scenes):
        d = round(s.duration * factor, 3) if k < len(scenes) - 1 else round(total - used, 3)
        used += d
        out.append(SceneBrief(**{**s.__dict__, "duration": d}))
    if min(s.duration for s in out) < 0.5:
        raise ProviderError(
            ProviderErrorCode.INVALID_INPUT, "Each scene must be at least half a second long."
        )
    return out
