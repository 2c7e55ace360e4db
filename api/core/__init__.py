"""Cross-cutting service plumbing: settings (API and admin keys), security, problems, logs, metrics, limits."""
