"""Incidents: lifecycle, reporting deadlines and the live cascade forecast.

Pure Python on top of the model and the engine; never imports Django (a test
enforces it). The web app (:mod:`weerbaar.web.incidents`) stores incidents
and their log; the command line's ``weerbaar forecast`` runs the forecast
without a database.
"""
