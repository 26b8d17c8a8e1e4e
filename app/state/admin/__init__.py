"""States of the admin pages, one module a page, on the admin check and mixins in base.py."""
