"""Long-lived services of the app: micro-batching, hot reload, webhooks and report jobs."""
