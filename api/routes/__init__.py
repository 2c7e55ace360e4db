"""HTTP routes, one ``APIRouter`` per resource. Routes only translate HTTP; the work is elsewhere."""
