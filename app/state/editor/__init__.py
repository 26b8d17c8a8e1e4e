"""The timeline editor's states: the opener, the editor page and its mixins."""
