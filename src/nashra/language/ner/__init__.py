"""Arabic named-entity recognition."""
