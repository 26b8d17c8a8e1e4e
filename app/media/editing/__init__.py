"""The timeline editor's core: pure operations on the timeline spec, and its exports.

Everything edits the same ``TimelineSpec`` the renderer renders; nothing here
touches the database or the queue (the services do).

- ``clip_ops``: split, merge, trim, delete (ripple or gap), move, transitions, retime
- ``media_ops``: replace/restore a clip's media, make and fill gaps, regeneration requests
- ``overlay_ops``: text overlays, music and audio tracks, grade, fades
- ``commands``: the same operations as JSON commands (``apply_command``, ``describe``)
- ``history``: undo/redo as an immutable, JSON-serialisable value
- ``templates``: parameters bound by pointer, filling, inheritance
- ``layout``, ``timemap``, ``pointers``: where things are and how they follow their picture
- ``reframe``, ``focus``: other aspects with safe zones and centre-of-interest crops
- ``export``: MP4/WebM/GIF/WebP exports and the fast proxy preview
- ``cut_plan``, ``stream_copy``: cut-only edits of an export by stream copy, else a full render

Every operation returns a new spec or raises ``checks.EditError`` with a reason for the user.
"""
