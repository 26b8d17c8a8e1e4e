"""Templates' states: save a project as a template, the gallery, one template's form and render."""
