"""Building blocks of the image and video studios: layout, prompt, pickers and results."""
