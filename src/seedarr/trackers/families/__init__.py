"""Engines for tracker families: one module per API shared by many sites (UNIT3D first)."""
