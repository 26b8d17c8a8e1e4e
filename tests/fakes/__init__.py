"""Fake vendor HTTP servers for tests and benchmarks.

Each fake is a real HTTP server on 127.0.0.1 (uvicorn in a thread, random
free port) that speaks one vendor's wire protocol as documented in
/work/shared/reference/providers.md, checks requests the way the vendor
would (Bearer key, required fields, model names) and can be scripted per
test (sequences of task states, injected errors, expired result files).

    with FakeKie() as kie:          # or kie = FakeKie().start(); kie.stop()
        kie.script("waiting", "generating", "success")
        ... point KIE_BASE_URL / KIE_UPLOAD_BASE_URL at kie.url ...
"""

from tests.fakes.deepseek import FakeDeepSeek
from tests.fakes.gemini import FakeGemini
from tests.fakes.hf import FakeHuggingFace
from tests.fakes.kie import FakeKie
from tests.fakes.replicate import FakeReplicate
from tests.fakes.server import LiveServer

__all__ = ["FakeDeepSeek", "FakeGemini", "FakeHuggingFace", "FakeKie", "FakeReplicate", "LiveServer"]
