"""The API's views, one module per kind of resource."""
