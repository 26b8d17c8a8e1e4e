from fastapi import APIRouter
from fastapi.testclient import TestClient
from pydantic import BaseModel

from app.api.errors import ApiError
from app.api.main import create_api


class Body(BaseModel):
    name: str


def _client() -> TestClient:
    api = create_api()
    router = APIRouter()

    @router.post("/api/test/echo")
    def echo(body: Body) -> dict:
        if body.name == "taken":
            raise ApiError(409, "CONFLICT", "That name is taken.")
        return {"name": body.name}

    api.include_router(router)
    return TestClient(api)


def test_validation_errors_use_the_contract_shape() -> None:
    response = _client().post("/api/test/echo", json={})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert "name" in error["message"]


def test_api_errors_carry_their_code() -> None:
    response = _client().post("/api/test/echo", json={"name": "taken"})
    assert response.status_code == 409
    assert response.json() == {"error": {"code": "CONFLICT", "message": "That name is taken."}}


def test_unknown_routes_are_404_json() -> None:
    response = _client().get("/api/nope")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


def test_openapi_document_is_served() -> None:
    response = _client().get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/health" in response.json()["paths"]
