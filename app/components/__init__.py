"""UI pieces more than one page uses: the page frame, theme, dialogs, pager, tiles, progress,
and kits of one domain whose pages share them (studio/, batch.py, admin_nav.py).

Components take the vars and handlers they show, or a state class when several
states share the same vars through a mixin; they never call services.
"""
