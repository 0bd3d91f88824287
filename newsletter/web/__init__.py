"""The web side of newsletter: one Starlette app (`app.create_app`) serving the local preview
(`preview.preview_routes`) and, mounted beside it, the unsubscribe endpoint."""
