"""The sharing pages: items (views.items), communities and their insight (views.communities),
sharing what another app holds (views.sources)."""
