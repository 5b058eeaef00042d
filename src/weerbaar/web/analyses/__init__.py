"""The service layer between the web and the computation.

Pages and the API ask this package for analyses of a stored map version
(simulations, dependencies, criticality, the decision pages' figures); it
decides how and where they are computed and caches them per map version.
"""
