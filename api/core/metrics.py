"""Prometheus metrics, one registry per app (so several apps in one test process do not collide)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)


class Metrics:
    """Request counts/latency per route, comments classified, micro-batch sizes, model, jobs, webhooks."""

    def __init__(self) -> None:
        r = self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter("npslens_http_requests_total", "HTTP requests by route and status",
                                ["method", "route", "status"], registry=r)
        self.latency = Histogram("npslens_http_request_duration_seconds", "HTTP request latency",
                                 ["method", "route"], buckets=LATENCY_BUCKETS, registry=r)
        self.comments = Counter("npslens_comments_classified_total", "Comments classified via /v1/classify",
                                registry=r)
        self.batch_size = Histogram("npslens_batch_size_comments", "Comments per micro-batch run by the model",
                                    buckets=BATCH_BUCKETS, registry=r)
        self.batch_callers = Histogram("npslens_batch_requests", "Requests merged into one micro-batch",
                                       buckets=BATCH_BUCKETS, registry=r)
        self.model = Gauge("npslens_model_info", "The loaded model (value 1)", ["name", "version"], registry=r)
        self.jobs = Counter("npslens_report_jobs_total", "Report jobs by final status", ["status"], registry=r)
        self.webhooks = Counter("npslens_webhook_deliveries_total", "Webhook deliveries by outcome", ["outcome"],
                                registry=r)

    def observe_batch(self, n_comments: int, n_callers: int) -> None:
        """Record one micro-batch: its comments and how many requests it merged."""
        self.batch_size.observe(n_comments)
        self.batch_callers.observe(n_callers)

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
