from workers.scheduler import PeriodicTask, default_tasks, run_due

CALLS: list[str] = []


def record() -> None:
    CALLS.append("ran")


def explode() -> None:
    raise RuntimeError("boom")


def test_tasks_run_when_due_and_not_before() -> None:
    CALLS.clear()
    task = PeriodicTask(f"{__name__}:record", every_seconds=10)
    assert run_due([task], now=100.0) == 1
    assert run_due([task], now=105.0) == 0
    assert run_due([task], now=110.0) == 1
    assert CALLS == ["ran", "ran"]


def test_a_failing_task_does_not_stop_the_others() -> None:
    CALLS.clear()
    tasks = [PeriodicTask(f"{__name__}:explode", 1), PeriodicTask(f"{__name__}:record", 1)]
    assert run_due(tasks, now=0.0) == 2
    assert CALLS == ["ran"]


def test_default_tasks_resolve_to_functions() -> None:
    import importlib

    for task in default_tasks():
        module, func = task.func_path.split(":")
        assert callable(getattr(importlib.import_module(module), func))
