"""Templates: parameters bound into the timeline, typed filling, inheritance."""

from __future__ import annotations

import pytest

from app.media.editing.checks import EditError
from app.media.editing.pointers import get_at, set_at
from app.media.editing.templates import (
    Template,
    TemplateError,
    TemplateParameter,
    bind_parameters,
    derive_template,
    fill_template,
    make_template,
    resolve_template,
    suggest_parameters,
)

PARAMS = [
    TemplateParameter(key="headline", type="text", bindings=["/texts/t1/text"]),
    TemplateParameter(key="hero", type="image", bindings=["/clips/s1/source"]),
    TemplateParameter(
        key="brand", type="color", bindings=["/texts/t1/color", "/texts/t3/color"], default="#FFCC00"
    ),
    TemplateParameter(key="music", type="music", bindings=["/audio/m/source"]),
    TemplateParameter(key="hero_seconds", type="duration", bindings=["/clips/s1/duration"]),
]


@pytest.fixture
def root(ad):
    return make_template(ad, "Product launch", PARAMS).model_copy(update={"id": "tpl-root"})


def test_defaults_come_from_the_timeline_unless_given(root):
    defaults = {p.key: p.default for p in root.parameters}
    assert defaults == {
        "headline": "One",
        "hero": "a.png",
        "brand": "#FFCC00",
        "music": "m.wav",
        "hero_seconds": 3.0,
    }


def test_fill_sets_every_bound_field_and_ripples_durations(ad, root):
    resolved = resolve_template([root])
    spec = fill_template(
        resolved,
        {
            "headline": "Meet Aroma",
            "hero": "cup.jpg",
            "brand": "#112233",
            "music": "bed.mp3",
            "hero_seconds": "4.5",
        },
    )
    assert spec.texts[0].text == "Meet Aroma" and spec.clips[0].source == "cup.jpg"
    assert spec.texts[0].color == spec.texts[2].color == "#112233"
    assert spec.audio[0].source == "bed.mp3" and spec.audio[0].source_duration is None
    # 1.5 s longer hero shot: everything after it moves 1.5 s later.
    assert spec.clips[0].duration == 4.5 and spec.duration == ad.duration + 1.5
    assert spec.texts[2].start == pytest.approx(ad.texts[2].start + 1.5)


def test_defaults_fill_what_is_not_given(ad, root):
    spec = fill_template(resolve_template([root]), {"headline": "Hello"})
    assert spec.texts[0].text == "Hello" and spec.texts[0].color == "#FFCC00" and spec.clips == ad.clips


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"brand": "yellow"}, "colour like #1A2B3C"),
        ({"hero": "cup.gif"}, "PNG, JPEG or WebP"),
        ({"music": "bed.txt"}, "audio file"),
        ({"hero_seconds": "long"}, "number of seconds"),
        ({"hero_seconds": 0}, "between 0.1"),
        ({"headline": "x" * 241}, "limit is 240"),
        ({"headline": "  "}, "needs a text value"),
        ({"price": "9"}, "unknown template parameter"),
    ],
)
def test_values_are_checked_by_type(root, values, reason):
    with pytest.raises(TemplateError, match=reason):
        fill_template(resolve_template([root]), values)


@pytest.mark.parametrize(
    ("param", "reason"),
    [
        (TemplateParameter(key="x", type="text", bindings=["/clips/s1/source"]), "cannot set"),
        (TemplateParameter(key="x", type="image", bindings=["/clips/s2/source"]), "still-image clip"),
        (TemplateParameter(key="x", type="duration", bindings=["/clips/s2/duration"]), "video clip"),
        (TemplateParameter(key="x", type="music", bindings=["/audio/vo/source"]), "music track"),
        (TemplateParameter(key="x", type="text", bindings=["/texts/nope/text"]), "no text overlay 'nope'"),
        (TemplateParameter(key="x", type="text"), "not bound"),
    ],
)
def test_bindings_are_checked(ad, param, reason):
    with pytest.raises(TemplateError, match=reason):
        make_template(ad, "Bad", [param])


def test_a_child_overrides_parts_and_inherits_the_rest(ad, root):
    child = derive_template(
        "tpl-root",
        "Launch, luxury",
        overrides={"/grade": "luxury", "/texts/t2/text": "Crafted"},
        parameters=[TemplateParameter(key="brand", type="color", default="#000000")],
    )
    resolved = resolve_template([root, child])
    assert resolved.timeline.grade == "luxury" and resolved.timeline.texts[1].text == "Crafted"
    brand = next(p for p in resolved.parameters if p.key == "brand")
    assert brand.default == "#000000" and brand.bindings == PARAMS[2].bindings  # bindings inherited
    assert resolved.lineage == [("Product launch", 1), ("Launch, luxury", 1)]


def test_a_parent_change_reaches_children_that_do_not_override_it(ad, root):
    child = derive_template("tpl-root", "Child", overrides={"/texts/t2/text": "Crafted"})
    parent_v2 = root.model_copy(
        update={
            "version": 2,
            "timeline": set_at(set_at(ad, "/texts/t2/text", "Two, new"), "/texts/t3/text", "New end"),
        }
    )
    resolved = resolve_template([parent_v2, child])
    assert resolved.timeline.texts[2].text == "New end"  # reached the child
    assert resolved.timeline.texts[1].text == "Crafted"  # the child's own override wins
    assert resolved.lineage[0] == ("Product launch", 2)


def test_inheritance_errors(ad, root):
    with pytest.raises(TemplateError, match="not a child"):
        resolve_template([root, derive_template("other", "Stray")])
    with pytest.raises(TemplateError, match="cannot change from color to text"):
        resolve_template(
            [root, derive_template("tpl-root", "C", parameters=[TemplateParameter(key="brand", type="text")])]
        )
    with pytest.raises(TemplateError, match="no clip 'zz'"):
        resolve_template([root, derive_template("tpl-root", "C", overrides={"/clips/zz/source": "x.png"})])
    with pytest.raises(ValueError, match="either its own timeline or a parent"):
        Template.model_validate({"name": "x", "timeline": ad.model_dump(), "parent_id": "p"})


def test_api_declared_parameters_bind_by_suggested_keys(ad):
    keys = {p.key: p for p in suggest_parameters(ad)}
    assert {"text_1", "text_2", "text_3", "image_1", "image_2", "duration_1", "text_color", "music"} <= set(
        keys
    )
    params = bind_parameters(
        ad, [{"key": "text_1", "type": "text", "default": "Hi"}, {"key": "music", "type": "music"}]
    )
    assert params[0].bindings == ["/texts/t1/text"] and params[1].bindings == ["/audio/m/source"]
    with pytest.raises(TemplateError, match="needs bindings"):
        bind_parameters(ad, [{"key": "tagline", "type": "text"}])


def test_pointers_read_and_write_by_element_id(ad):
    assert get_at(ad, "/texts/t2/text") == "Two" and get_at(ad, "/output/aspect") == "9:16"
    assert set_at(ad, "/output/aspect", "1:1").output.aspect == "1:1"
    with pytest.raises(EditError, match="ids cannot be changed"):
        set_at(ad, "/clips/s1/id", "x")
    with pytest.raises(EditError, match="does not point"):
        get_at(ad, "/nothing")
