"""The digital fire drill: exercises generated from the map's cascade, played, evaluated.

Pure Python on the engine (no Django): the records of an exercise
(:mod:`~weerbaar.exercise.records`, :mod:`~weerbaar.exercise.model`), its
file and sheet formats, the generator that turns a scenario's simulated
cascade into a script of injects, and the re-timing when a decision changes
the story. The web app ``exercises`` plays and evaluates them.
"""
