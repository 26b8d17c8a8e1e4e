"""The Reflex half of the authorization matrix: every event handler in app/state that takes an id.

The handlers are found by introspection (every rx.State subclass under app.state, every event
handler with a parameter named ``id`` or ``*_id``), so a new one without an entry in ``HANDLERS``
fails ``test_every_id_handler_has_a_matrix_entry``. Each is called through its underlying function
on a state whose signed-in user is B, with user A's id, and, as the worst case, with the state
already pointing at A's objects (as if B had opened A's page or tampered with the state): the
services must refuse, so nothing of A's reaches B's state or the events sent to B's browser, and
A's objects are unchanged afterwards. A visitor (no session) gets the same calls.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import reflex as rx
from fastapi.testclient import TestClient

import app.state
from tests.security.conftest import SECRET, World
from tests.security.test_authz_matrix import _snapshot
from tests.support import aio


@dataclass(frozen=True)
class Call:
    """arg: the World.ids key passed as the id (or a literal with ``literal=True``); context: state
    attributes set before the call, from A's ids (the worst case: the state already on A's object)."""

    arg: str
    context: Callable[[dict[str, str]], dict[str, Any]] = lambda ids: {}
    literal: bool = False
    extra: tuple[Any, ...] = ()


def _items(key: str, field_name: str = "id") -> Callable[[dict[str, str]], list[dict[str, Any]]]:
    return lambda ids: [{field_name: ids[key], "job_id": ids.get("attempt_job_id", ""), "asset_id": ids[key]}]


# Add an entry for each new handler that takes an id: "StateClass.handler" -> Call.
HANDLERS: dict[str, Call] = {
    "AdminBillingState.pick_user": Call("user_id"),
    "AdminBillingState.select_plan": Call("pro", literal=True),
    "AdminOpsState.ask_delete": Call("rq-job-that-is-not-there", literal=True),
    "AdminOpsState.requeue": Call("rq-job-that-is-not-there", literal=True),
    "AdminShowcaseState.ask_remove": Call("asset_id", extra=("title",)),
    "AdminShowcaseState.move": Call("asset_id", extra=(1,)),
    "AdminShowcaseState.restore": Call("asset_id"),
    "AdminUserDetailState.feature": Call("asset_id", context=lambda ids: {"user_id": ids["user_id"]}),
    "EditorState.drop_on": Call("project_id", context=lambda ids: {"project_id": ids["project_id"]}),
    "EditorState.grab_clip": Call("project_id", context=lambda ids: {"project_id": ids["project_id"]}),
    "EditorState.pick_asset": Call(
        "video_asset_id",
        context=lambda ids: {
            "project_id": ids["project_id"],
            "picker_items": _items("video_asset_id")(ids),
            "picker_mode": "replace",
        },
    ),
    "EditorState.play_export": Call("video_asset_id", context=lambda ids: {"project_id": ids["project_id"]}),
    "EditorState.select_clip": Call("project_id", context=lambda ids: {"project_id": ids["project_id"]}),
    "EditorState.select_text": Call("project_id", context=lambda ids: {"project_id": ids["project_id"]}),
    "HeroState.set_primary": Call("hero_asset_id", context=lambda ids: {"hero_group_id": ids["group_id"]}),
    "HeroState.toggle_favorite": Call(
        "hero_asset_id", context=lambda ids: {"hero_group_id": ids["group_id"]}
    ),
    "HeroState.zoom": Call("hero_asset_id", context=lambda ids: {"hero_group_id": ids["group_id"]}),
    "ImageStudioState.ask_delete": Call("asset_id"),
    "ImageStudioState.download": Call("asset_id"),
    "ImageStudioState.pick_history": Call("asset_id"),
    "ImageStudioState.regenerate": Call("asset_id"),
    "ImageStudioState.zoom": Call("asset_id"),
    "JobsState.cancel": Call("job_id"),
    "JobsState.retry": Call("job_id"),
    "LibraryState.hover": Call("asset_id"),
    "LibraryState.open_detail": Call("asset_id"),
    "LibraryState.revoke_share": Call("share_id", context=lambda ids: {"detail": _detail(ids["asset_id"])}),
    "LibraryState.toggle_select": Call("asset_id"),
    "PricingState.choose_plan": Call("pro", literal=True),
    "ProfileState.ask_revoke": Call("key_id"),
    "SaveTemplateState.open_dialog": Call("project_id"),
    "ShowcaseState.open_item": Call("asset_id"),
    "ShowcaseState.toggle_like": Call("asset_id"),
    "VideoStudioState.pick_history": Call("asset_id"),
    "VideoStudioState.show_recent": Call("video_asset_id"),
    "WorkspaceState.cancel_attempt": Call(
        "attempt_job_id",
        context=lambda ids: {
            "attempt_group_id": ids["attempt_group_id"],
            "attempts": _items("hero_asset_id")(ids),
        },
    ),
    "WorkspaceState.pick": Call(
        "hero_asset_id", context=lambda ids: {"attempt_group_id": ids["attempt_group_id"]}
    ),
    "WorkspaceState.set_final": Call(
        "hero_asset_id", context=lambda ids: {"attempt_group_id": ids["attempt_group_id"]}
    ),
}


def _detail(asset_id: str) -> Any:
    from app.state.library import AssetDetail

    return AssetDetail(id=asset_id)


@dataclass
class Handler:
    key: str
    cls: type
    name: str
    fn: Callable[..., Any]
    params: list[str] = field(default_factory=list)


def _subclasses(cls: type) -> list[type]:
    out: list[type] = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_subclasses(sub))
    return out


def id_handlers() -> dict[str, Handler]:
    """Every event handler of app/state whose parameters include ``id`` or ``*_id``."""
    for module in pkgutil.walk_packages(app.state.__path__, "app.state."):
        importlib.import_module(module.name)
    found: dict[str, Handler] = {}
    for cls in _subclasses(rx.State):
        if not cls.__module__.startswith("app.state"):
            continue
        for name, handler in cls.event_handlers.items():
            params = [p for p in inspect.signature(handler.fn).parameters if p != "self"]
            if not any(p == "id" or p.endswith("_id") for p in params):
                continue
            # A handler inherited unchanged is the same function: keep the class that defines it.
            owner = next(c for c in cls.__mro__ if name in c.__dict__ or c is cls)
            key = f"{owner.__name__ if owner.__module__.startswith('app.state') else cls.__name__}.{name}"
            found.setdefault(key, Handler(key, cls, name, handler.fn, params))
    return found


def test_every_id_handler_has_a_matrix_entry() -> None:
    handlers = id_handlers()
    assert len(handlers) > 30, sorted(handlers)
    missing = sorted(set(handlers) - set(HANDLERS))
    assert not missing, (
        "These Reflex event handlers take an id but have no entry in HANDLERS "
        "(tests/security/test_authz_state_handlers.py). Add one per handler: "
        '"State.handler": Call("<World.ids key of user A\'s object>", '
        "context=lambda ids: {<state var>: ids[...]}) "
        f"so it is called as another user: {missing}"
    )
    stale = sorted(set(HANDLERS) - set(handlers))
    assert not stale, f"HANDLERS names handlers that no longer take an id; remove them: {stale}"


def _run(fn: Callable[..., Any], state: Any, *args: Any) -> list[Any]:
    async def go() -> list[Any]:
        result = fn(state, *args)
        if inspect.isasyncgen(result):
            return [e async for e in result]
        if inspect.isgenerator(result):
            return list(result)
        if inspect.iscoroutine(result):
            result = await result
        return result if isinstance(result, list) else [result]

    return aio.run(go())


def _state_text(state: Any) -> str:
    cls = type(state)
    names = [*cls.base_vars, *(cls._backend_vars or {}), *cls.computed_vars]
    values = []
    for name in names:
        try:
            values.append(f"{name}={getattr(state, name)!r}")
        except Exception as exc:
            values.append(f"{name}=<{type(exc).__name__}>")
    return "\n".join(values)


def test_no_id_handler_lets_another_user_or_a_visitor_at_a_users_objects(
    client: TestClient, world: World
) -> None:
    w = world
    ids = w.ids
    before = _snapshot(client, w)
    # What of A's must never reach B's state or events: text only A wrote, A's address, A's storage
    # paths (every signed URL of A's file names them), A's credentials.
    secrets = {s for s in w.secrets if not any(s == v for v in ids.values())} | {f"users/{w.a.user.id}/"}
    failures: list[str] = []
    for key, handler in sorted(id_handlers().items()):
        call = HANDLERS[key]
        arg = call.arg if call.literal else ids[call.arg]
        for who, token in (("B", w.b.token), ("visitor", "")):
            state = handler.cls()
            state.session_token = token
            for attr, value in call.context(ids).items():
                setattr(state, attr, value)
            try:
                events = _run(handler.fn, state, arg, *call.extra)
            except Exception as exc:
                failures.append(f"{who} {key}({call.arg}): raised {type(exc).__name__}: {exc}")
                continue
            text = _state_text(state) + "\n" + repr(events)
            if leaked := sorted(s for s in secrets if s in text):
                failures.append(f"{who} {key}({call.arg}): A's data in state or events: {leaked}")
    after = _snapshot(client, w)
    for name in before:
        if before[name] != after[name]:
            failures.append(f"A's {name} changed under B's handler calls: {before[name]} -> {after[name]}")
    assert not failures, "\n".join(failures)


# --- handlers that act on the object the state already points at ------------------------------

# State class -> the attributes that name "the current object", set to A's (the worst case: B's
# state was made to point at A's project, group, asset or key). Every handler of the class that
# needs no argument is then called as B.
POINTED: dict[str, Callable[[dict[str, str]], dict[str, Any]]] = {
    "EditorState": lambda ids: {"project_id": ids["project_id"]},
    "SaveTemplateState": lambda ids: {"project_id": ids["project_id"]},
    "HeroState": lambda ids: {"hero_group_id": ids["group_id"], "primary_id": ids["hero_asset_id"]},
    "WorkspaceState": lambda ids: {
        "attempt_group_id": ids["attempt_group_id"],
        "hero_group_id": ids["group_id"],
        "user_pick_id": ids["hero_asset_id"],
        "final_id": ids["hero_asset_id"],
    },
    "LibraryState": lambda ids: {"detail": _detail(ids["asset_id"])},
    "ImageStudioState": lambda ids: {"delete_id": ids["asset_id"]},
    "ProfileState": lambda ids: {"key_to_revoke": ids["key_id"]},
    "AdminUserDetailState": lambda ids: {"user_id": ids["user_id"]},
}


def _zero_arg_handlers(cls: type) -> list[tuple[str, Callable[..., Any]]]:
    out = []
    for name, handler in sorted(cls.event_handlers.items()):
        params = list(inspect.signature(handler.fn).parameters.values())[1:]
        if name.startswith(("set_", "setvar")) or any(p.default is inspect.Parameter.empty for p in params):
            continue
        out.append((name, handler.fn))
    return out


def test_handlers_on_a_state_pointing_at_a_users_objects_refuse_another_user(
    client: TestClient, world: World
) -> None:
    w = world
    ids = w.ids
    before = _snapshot(client, w)
    secrets = {s for s in w.secrets if not any(s == v for v in ids.values())} | {f"users/{w.a.user.id}/"}
    classes = {h.cls.__name__: h.cls for h in id_handlers().values()}
    failures: list[str] = []
    called = 0
    for class_name, context in POINTED.items():
        cls = classes[class_name]
        for name, fn in _zero_arg_handlers(cls):
            state = cls()
            state.session_token = w.b.token
            for attr, value in context(ids).items():
                setattr(state, attr, value)
            try:
                events = _run(fn, state)
            except Exception as exc:
                failures.append(f"B {class_name}.{name}: raised {type(exc).__name__}: {str(exc)[:200]}")
                continue
            called += 1
            text = _state_text(state) + "\n" + repr(events)
            if leaked := sorted(s for s in secrets if s in text):
                failures.append(f"B {class_name}.{name} on A's object: A's data in state or events: {leaked}")
    after = _snapshot(client, w)
    for name in before:
        if before[name] != after[name]:
            failures.append(f"A's {name} changed under B's handler calls: {before[name]} -> {after[name]}")
    assert called > 40
    assert not failures, "\n".join(failures)


# --- pages that load an object named in their URL ---------------------------------------------


@dataclass(frozen=True)
class Page:
    state: str  # "module:Class"
    handler: str
    path: Callable[[dict[str, str]], str]  # the URL B opens, naming A's object
    query: Callable[[dict[str, str]], dict[str, str]] = lambda ids: {}
    # The control: the owner's own visit shows A's text or files, else this id of A's in the state
    # or events (a redirect); "" when the owner may not open the page either (admin pages).
    owner_sees: str | None = None


URL_PAGES = [
    Page(
        "app.state.editor.page:EditorState",
        "load",
        lambda i: f"/editor/{i['project_id']}",
        lambda i: {"project_id": i["project_id"]},
    ),
    Page(
        "app.state.editor.opener:EditorOpenState",
        "open_asset",
        lambda i: f"/editor/open/{i['video_asset_id']}",
        lambda i: {"asset_id": i["video_asset_id"]},
        owner_sees="project_id",  # it redirects to the project
    ),
    Page("app.state.pro.hero:HeroState", "load", lambda i: f"/studio/hero/{i['group_id']}"),
    Page("app.state.pro.workspace:WorkspaceState", "load", lambda i: f"/studio/pro/{i['attempt_group_id']}"),
    Page(
        "app.state.templates.gallery:TemplateRenderState",
        "load",
        lambda i: f"/templates/{i['template_id']}",
        lambda i: {"template_id": i["template_id"]},
    ),
    Page(
        "app.state.batches.page:BatchState",
        "load",
        lambda i: f"/batches/{i['batch_id']}",
        lambda i: {"batch_ref": i["batch_id"]},
        owner_sees="batch_id",
    ),
    Page(
        "app.state.variants:VariantSetState",
        "load",
        lambda i: f"/variants/{i['variant_set_id']}",
        lambda i: {"set_id": i["variant_set_id"]},
    ),
    Page(
        "app.state.admin.user_detail:AdminUserDetailState",
        "load",
        lambda i: f"/admin/users/{i['user_id']}",
        lambda i: {"user_id": i["user_id"]},
        owner_sees="",  # admins only: A may not open it either
    ),
]


def test_pages_opened_on_a_users_object_show_another_user_nothing(client: TestClient, world: World) -> None:
    from reflex.istate.data import RouterData

    w = world
    ids = w.ids
    before = _snapshot(client, w)
    secrets = {s for s in w.secrets if not any(s == v for v in ids.values())} | {f"users/{w.a.user.id}/"}
    failures: list[str] = []
    for page in URL_PAGES:
        module, _, class_name = page.state.partition(":")
        cls = getattr(importlib.import_module(module), class_name)
        fn = cls.event_handlers[page.handler].fn
        for who, token in (("A", w.a.token), ("B", w.b.token), ("visitor", "")):
            state = cls()
            state.session_token = token
            path = page.path(ids)
            state.router = RouterData.from_router_data(
                {
                    "pathname": path,
                    "asPath": path,
                    "query": page.query(ids),
                    "headers": {"origin": "http://localhost"},
                }
            )
            try:
                events = _run(fn, state)
            except Exception as exc:
                failures.append(
                    f"{who} {path} ({class_name}.{page.handler}): raised {type(exc).__name__}: {exc}"
                )
                continue
            text = _state_text(state) + "\n" + repr(events)
            if who == "A":
                # The control: the owner's own page does show the object, so the URL reached it.
                shown = SECRET in text or f"users/{w.a.user.id}/" in text
                shown = shown or bool(page.owner_sees and ids[page.owner_sees] in text)
                if page.owner_sees != "" and not shown:
                    failures.append(f"A opened {path}: A's own object did not load (is the URL right?)")
                continue
            if leaked := sorted(s for s in secrets if s in text):
                failures.append(f"{who} opened {path}: A's data in state or events: {leaked}")
    after = _snapshot(client, w)
    for name in before:
        if before[name] != after[name]:
            failures.append(f"A's {name} changed when B opened A's pages: {before[name]} -> {after[name]}")
    assert not failures, "\n".join(failures)
