"""The release pipeline: scan, analyse, identify, name, build, dupe check, upload, seed."""
