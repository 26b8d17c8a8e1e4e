"""Reflex states, named like the pages they serve (app/pages): a module per domain, or a package
when a domain's state has several pieces (its page state and the mixins it is made of).

States are thin: they authorize, call app.services and keep one page of view data.
Shared helpers: auth (who is signed in), paging (server-side lists), live (background
loops that follow rows while the tab is open) and inputs (what the browser sends).
"""
