"""The edit forms of the maps app: shared fields, the node editor, the other objects."""
