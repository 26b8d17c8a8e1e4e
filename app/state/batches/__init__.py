"""State of the batch page: ``page.BatchState``, put together from the wizard, progress and history mixins."""
