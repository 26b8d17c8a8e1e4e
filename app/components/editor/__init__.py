"""The timeline editor's components: the timeline with its tracks, the side panels, progress bars."""
