"""Report jobs: the runner seam (``runner``), upload checks (``upload``) and the background worker (``manager``)."""
