"""States of the image and video studios: ``base.StudioMixin`` holds what both share."""
