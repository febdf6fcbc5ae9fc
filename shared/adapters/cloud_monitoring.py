"""MetricsSink on Cloud Monitoring: each gauge becomes a custom metric point.

``custom.googleapis.com/catalog/<name>`` (the ``catalog_`` prefix dropped), on the ``global``
resource, one point per minute from the scheduled metrics function. Cloud Monitoring keeps the
series and evaluates the alert policies Terraform defines on them; ``series`` is not read back
here (the policies do the evaluating in GCP).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from google.api_core import exceptions as gcp_exceptions
from google.cloud import monitoring_v3

from shared.domain.metrics import Gauge, MetricsSnapshot
from shared.errors import Unavailable

logger = logging.getLogger(__name__)

METRIC_PREFIX = "custom.googleapis.com/catalog/"
_BATCH = 200  # CreateTimeSeries takes at most 200 series per request


def metric_type(gauge_name: str) -> str:
    """The Cloud Monitoring metric type of one of our gauges."""
    return METRIC_PREFIX + gauge_name.removeprefix("catalog_")


def time_series(gauge: Gauge, *, project: str, at: datetime) -> monitoring_v3.TimeSeries:
    """One gauge point as the TimeSeries the API takes."""
    series = monitoring_v3.TimeSeries()
    series.metric.type = metric_type(gauge.name)
    series.metric.labels.update(dict(gauge.labels))
    series.resource.type = "global"
    series.resource.labels["project_id"] = project
    seconds = int(at.timestamp())
    interval = monitoring_v3.TimeInterval(
        {"end_time": {"seconds": seconds, "nanos": int((at.timestamp() - seconds) * 1e9)}}
    )
    point = monitoring_v3.Point({"interval": interval, "value": {"double_value": gauge.value}})
    series.points = [point]
    return series


class CloudMonitoringSink:
    """Writes snapshots with an injected MetricServiceClient."""

    def __init__(self, client: Any, *, project: str, timeout_s: float) -> None:
        self._client = client
        self._project = project
        self._timeout_s = timeout_s

    @classmethod
    def connect(cls, *, project: str, timeout_s: float) -> CloudMonitoringSink:
        """A client with the function's own credentials."""
        return cls(monitoring_v3.MetricServiceClient(), project=project, timeout_s=timeout_s)

    def write(self, snapshot: MetricsSnapshot) -> None:
        series = [
            time_series(g, project=self._project, at=snapshot.taken_at) for g in snapshot.gauges
        ]
        for start in range(0, len(series), _BATCH):
            try:
                self._client.create_time_series(
                    name=f"projects/{self._project}",
                    time_series=series[start : start + _BATCH],
                    timeout=self._timeout_s,
                )
            except gcp_exceptions.GoogleAPICallError as exc:
                raise Unavailable(f"Cloud Monitoring refused the metrics: {exc}") from exc

    def series(self, *, since: datetime) -> list[MetricsSnapshot]:
        return []  # the series lives in Cloud Monitoring; its alert policies evaluate it
