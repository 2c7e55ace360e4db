"""Model lifecycle: register, promote past the gate, roll back (writes models/registry.json)."""
