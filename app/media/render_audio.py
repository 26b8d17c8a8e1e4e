"""The audio half of the render graph: tracks, ducking, fades and loudness, mixed once.

Audio is encoded once over the whole timeline (joined AAC chunks click), so
the stream-copy cut path reuses this graph to make a fresh soundtrack for a
video whose picture it copies.
"""

from __future__ import annotations

from app.media.ffmpeg import probe
from app.media.filtergraph import Graph, resolve_media
from app.media.timeline import AudioTrack, TimelineSpec

_FORMAT = "aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo"


def audio_graph(g: Graph, spec: TimelineSpec, total: float) -> None:
    """Add the chains that end in the ``[aout]`` pad: ``total`` seconds of 48 kHz stereo."""
    bed: list[str] = []
    voice: list[str] = []
    for track in spec.audio:
        label = _audio_track(g, track, total)
        (voice if track.kind == "voiceover" else bed).append(label)

    if not bed and not voice:
        g.chains.append(f"anullsrc=r=48000:cl=stereo,atrim=duration={total:.4f}[aout]")
        return

    def mix(labels: list[str], prefix: str) -> str:
        if len(labels) == 1:
            return labels[0]
        return g.chain(labels, [f"amix=inputs={len(labels)}:normalize=0:duration=longest"], prefix)

    parts: list[str] = []
    if bed and voice and spec.ducking.enabled:
        voice_mix = mix(voice, "vmix")
        vo, sc = g.label("vo"), g.label("vsc")
        g.chains.append(f"[{voice_mix}]asplit=2[{vo}][{sc}]")
        d = spec.ducking
        ducked = g.chain(
            [mix(bed, "bmix"), sc],
            [
                f"sidechaincompress=threshold={d.threshold}:ratio={d.ratio}:attack={d.attack_ms}"
                f":release={d.release_ms}:makeup=1"
            ],
            "duck",
        )
        parts = [ducked, vo]
    else:
        parts = bed + voice
    final = [
        f"apad=whole_dur={total:.4f}",
        f"atrim=duration={total:.4f}",
    ]
    if spec.fade_in:
        final.append(f"afade=t=in:st=0:d={spec.fade_in:.3f}")
    if spec.fade_out:
        final.append(f"afade=t=out:st={total - spec.fade_out:.3f}:d={spec.fade_out:.3f}")
    # Platforms normalise to about -14 LUFS; matching it keeps our ads from being turned down.
    final += [
        f"loudnorm=I={spec.loudness_lufs}:TP=-1.5:LRA=11",
        "aresample=48000",
        f"atrim=duration={total:.4f}",
        "asetpts=PTS-STARTPTS",
    ]
    mixed = mix(parts, "amix")
    g.chains.append(f"[{mixed}]{','.join(final)}[aout]")


def _audio_track(g: Graph, track: AudioTrack, total: float) -> str:
    src = resolve_media(track.source, g.workdir)
    available = total - track.start
    length = min(track.duration or available, available)
    if track.loops:
        idx = g.add_input("-stream_loop", "-1", "-i", str(src))
    else:
        idx = g.add_input("-i", str(src))
        # A one-shot track may be shorter than its slot; fade out where it really ends.
        src_len = (track.source_duration or probe(src).duration) - track.in_point
        if src_len > 0:
            length = min(length, src_len)
    filters = [_FORMAT, f"atrim=start={track.in_point:.3f}:duration={length:.4f}", "asetpts=PTS-STARTPTS"]
    if track.fade_in:
        filters.append(f"afade=t=in:st=0:d={min(track.fade_in, length):.3f}")
    if track.fade_out:
        fo = min(track.fade_out, length)
        filters.append(f"afade=t=out:st={length - fo:.3f}:d={fo:.3f}")
    filters.append(f"volume={track.volume:.3f}")
    if track.start > 0:
        filters.append(f"adelay=delays={round(track.start * 1000)}:all=1")
    return g.chain(f"{idx}:a", filters, "at")
