"""Pro mode's local engine: hero-frame stills and image-to-video attempts.

- ``depth``: a saliency/depth-like estimate of a still (subject mask, near/far map).
- ``motion_prompt``: motion prompt text + structured fields -> ``MotionSettings``.
- ``camera``: a seeded camera path (per-frame similarity transform, parallax, subject motion).
- ``attempt``: render one attempt MP4 from a hero still, settings and a seed.
- ``still``: the cinematic hero-frame look for text -> still on the local engine.
"""
