"""What every domain package stands on: errors, file storage, admin switches, email, safe fetching.

The public module of the shared piece: domain packages, the API, the UI state and the workers
import these names from ``app.services.platform`` only. Nothing here imports a domain package.
"""

from app.services.platform.config import ConfigError, config_defaults, config_value, get_config, update_config
from app.services.platform.email import outbox_dir, read_outbox, send_email
from app.services.platform.encryption import EncryptionError, new_master_key
from app.services.platform.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    ServiceError,
    Unauthorized,
    UnsupportedFile,
)
from app.services.platform.safe_fetch import (
    FetchFailed,
    FetchResult,
    UnsafeUrl,
    check_url_form,
    fetch_image,
    fetch_url,
    image_type,
    is_public_address,
    precheck_url,
)
from app.services.platform.storage import (
    FILE_EXTENSIONS,
    LocalStorage,
    RangeNotSatisfiable,
    S3Storage,
    Storage,
    StorageError,
    byte_range,
    content_disposition,
    delete_keys,
    get_storage,
    reseal_all,
    sign_file,
    signed_url,
    verify_file,
)
from app.services.platform.timestamps import iso_utc, utc_or_now

__all__ = [
    "FILE_EXTENSIONS",
    "ConfigError",
    "Conflict",
    "EncryptionError",
    "FetchFailed",
    "FetchResult",
    "Forbidden",
    "InvalidInput",
    "LocalStorage",
    "NotFound",
    "PayloadTooLarge",
    "RangeNotSatisfiable",
    "RateLimited",
    "S3Storage",
    "ServiceError",
    "Storage",
    "StorageError",
    "Unauthorized",
    "UnsafeUrl",
    "UnsupportedFile",
    "byte_range",
    "check_url_form",
    "config_defaults",
    "config_value",
    "content_disposition",
    "delete_keys",
    "fetch_image",
    "fetch_url",
    "get_config",
    "get_storage",
    "image_type",
    "is_public_address",
    "iso_utc",
    "new_master_key",
    "outbox_dir",
    "precheck_url",
    "read_outbox",
    "reseal_all",
    "send_email",
    "sign_file",
    "signed_url",
    "update_config",
    "utc_or_now",
    "verify_file",
]
