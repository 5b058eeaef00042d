"""The web application: the risk map in the browser, for a municipal team with roles."""
