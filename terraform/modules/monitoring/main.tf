# Alert policies: the product owner's thresholds, the same rules `catalog alerts` evaluates
# locally (shared/domain/alerts.py ALERT_RULES; a test checks they agree). Custom metrics come
# from the scheduled metrics function each minute; queue backlog and age are Pub/Sub's own.
locals {
  custom  = "resource.type = \"global\" AND metric.type = \"custom.googleapis.com/catalog"
  pending = "resource.type = \"pubsub_subscription\" AND resource.label.subscription_id = one_of(${join(",", [for s in var.work_subscriptions : "\"${s}\""])})"
  alerts = {
    ai_low_confidence = {
      summary     = "More than 20% of AI requests scored a confidence below 70%"
      metric_type = "custom.googleapis.com/catalog/ai_low_confidence_ratio"
      filter      = "${local.custom}/ai_low_confidence_ratio\""
      threshold   = 0.2
      duration    = "300s"
      reducer     = null
    }
    high_priority_sla = {
      summary     = "High-priority (Enterprise) queue latency p95 over 1 s"
      metric_type = "custom.googleapis.com/catalog/pipeline_queue_latency_p95_seconds"
      filter      = "${local.custom}/pipeline_queue_latency_p95_seconds\" AND metric.label.priority = \"high\""
      threshold   = 1.0
      duration    = "120s"
      reducer     = null
    }
    low_priority_sla = {
      summary     = "Low-priority (Free/Pro) analysis p95 not done within 10 minutes"
      metric_type = "custom.googleapis.com/catalog/pipeline_total_p95_seconds"
      filter      = "${local.custom}/pipeline_total_p95_seconds\" AND metric.label.priority = \"low\""
      threshold   = 600.0
      duration    = "0s"
      reducer     = null
    }
    ai_error_rate = {
      summary     = "More than 5% of AI requests failed (error, timeout, circuit open)"
      metric_type = "custom.googleapis.com/catalog/ai_error_ratio"
      filter      = "${local.custom}/ai_error_ratio\""
      threshold   = 0.05
      duration    = "300s"
      reducer     = null
    }
    queue_backlog = {
      summary     = "More than 500 jobs pending"
      metric_type = "pubsub.googleapis.com/subscription/num_undelivered_messages"
      filter      = "${local.pending} AND metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\""
      threshold   = 500.0
      duration    = "300s"
      reducer     = "REDUCE_SUM"
    }
    dlq_size = {
      summary     = "More than 100 unresolved dead letters"
      metric_type = "custom.googleapis.com/catalog/dlq_open_letters"
      filter      = "${local.custom}/dlq_open_letters\""
      threshold   = 100.0
      duration    = "0s"
      reducer     = null
    }
    processing_delay = {
      summary     = "A pending job has waited more than 10 minutes"
      metric_type = "pubsub.googleapis.com/subscription/oldest_unacked_message_age"
      filter      = "${local.pending} AND metric.type = \"pubsub.googleapis.com/subscription/oldest_unacked_message_age\""
      threshold   = 600.0
      duration    = "0s"
      reducer     = "REDUCE_MAX"
    }
  }
}

resource "google_monitoring_notification_channel" "email" {
  project      = var.project_id
  display_name = "catalog ${var.environment} on-call"
  type         = "email"
  labels = {
    email_address = var.alert_email
  }
}

resource "google_monitoring_alert_policy" "this" {
  for_each              = local.alerts
  project               = var.project_id
  display_name          = "catalog ${var.environment}: ${each.key}"
  combiner              = "OR"
  notification_channels = [google_monitoring_notification_channel.email.id]

  conditions {
    display_name = each.value.summary
    condition_threshold {
      filter          = each.value.filter
      comparison      = "COMPARISON_GT"
      threshold_value = each.value.threshold
      duration        = each.value.duration
      aggregations {
        alignment_period     = "60s"
        per_series_aligner   = each.value.reducer == null ? "ALIGN_MEAN" : "ALIGN_MAX"
        cross_series_reducer = each.value.reducer
      }
      trigger {
        count = 1
      }
    }
  }

  alert_strategy {
    auto_close = "1800s"
  }

  documentation {
    mime_type = "text/markdown"
    content   = "${each.value.summary}. Locally: `catalog alerts`; see README, Operations."
  }
}
