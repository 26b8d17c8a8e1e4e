"""Reflex configuration. Reads settings, nothing else."""

import reflex as rx

from app.settings import get_settings

_settings = get_settings()

config = rx.Config(
    app_name="app",
    frontend_port=_settings.frontend_port,
    backend_port=_settings.backend_port,
    backend_host=_settings.backend_host,
    api_url=_settings.api_url,
    deploy_url=_settings.frontend_url,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.SitemapPlugin(),
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(appearance="light", accent_color="blue", radius="medium", scaling="100%")
        ),
    ],
)
