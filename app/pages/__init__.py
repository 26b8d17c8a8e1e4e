"""The app's pages, one domain a module or, when a domain has several pieces, a package of that name.

A page domain exposes ``register(app)``, which adds its routes with their titles
and on_load handlers; app/app.py only lists the domains. Inside a package, one
module holds one page (or one part of a large page: a wizard step, a dialog),
named for what it shows. A domain's state has the same name under app/state.
"""
