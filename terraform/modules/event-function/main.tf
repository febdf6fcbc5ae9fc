# A 2nd gen function fed by Pub/Sub push subscriptions we own (so each carries its retry and
# dead-letter policy: Eventarc's managed subscriptions cannot), or by a Cloud Storage finalize
# event through Eventarc. The push endpoint's path names the topic; functions-framework turns
# the push body into the same CloudEvent Eventarc would deliver.
locals {
  uri = google_cloudfunctions2_function.this.service_config[0].uri
  invokers = compact([
    var.push_service_account_email == null ? "" : "serviceAccount:${var.push_service_account_email}",
    var.storage_trigger == null ? "" : "serviceAccount:${var.storage_trigger.service_account_email}",
  ])
  dead_lettered = { for name, sub in var.pubsub_subscriptions : name => sub if sub.dead_letter_topic != null }
}

data "google_project" "this" {
  project_id = var.project_id
}

resource "google_cloudfunctions2_function" "this" {
  name     = var.name
  project  = var.project_id
  location = var.region
  labels   = var.labels

  build_config {
    runtime     = "python311"
    entry_point = var.entry_point
    source {
      storage_source {
        bucket = var.source_archive.bucket
        object = var.source_archive.object
      }
    }
  }

  service_config {
    available_memory                 = var.resources.memory
    available_cpu                    = var.resources.cpu
    timeout_seconds                  = var.resources.timeout_seconds
    min_instance_count               = var.scaling.min_instances
    max_instance_count               = var.scaling.max_instances
    max_instance_request_concurrency = var.scaling.concurrency
    service_account_email            = var.service_account_email
    ingress_settings                 = "ALLOW_INTERNAL_ONLY" # Pub/Sub and Eventarc only
    all_traffic_on_latest_revision   = true
    vpc_connector                    = var.vpc_connector
    vpc_connector_egress_settings    = var.vpc_connector == null ? null : "PRIVATE_RANGES_ONLY"
    environment_variables            = var.environment

    dynamic "secret_environment_variables" {
      for_each = var.secrets
      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = secret_environment_variables.value
        version    = "latest"
      }
    }
  }

  dynamic "event_trigger" {
    for_each = var.storage_trigger == null ? [] : [var.storage_trigger]
    content {
      trigger_region        = var.region
      event_type            = "google.cloud.storage.object.v1.finalized"
      retry_policy          = "RETRY_POLICY_RETRY"
      service_account_email = event_trigger.value.service_account_email
      event_filters {
        attribute = "bucket"
        value     = event_trigger.value.bucket
      }
    }
  }
}

resource "google_cloud_run_v2_service_iam_member" "invoker" {
  for_each = toset(local.invokers)
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.this.service_config[0].service
  role     = "roles/run.invoker"
  member   = each.value
}

resource "google_pubsub_subscription" "push" {
  for_each                   = var.pubsub_subscriptions
  name                       = each.key
  project                    = var.project_id
  topic                      = "projects/${var.project_id}/topics/${each.value.topic}"
  ack_deadline_seconds       = each.value.ack_deadline_seconds
  message_retention_duration = "604800s"
  labels                     = var.labels

  expiration_policy {
    ttl = "" # never expires while idle
  }

  retry_policy {
    minimum_backoff = each.value.minimum_backoff
    maximum_backoff = each.value.maximum_backoff
  }

  dynamic "dead_letter_policy" {
    for_each = each.value.dead_letter_topic == null ? [] : [each.value.dead_letter_topic]
    content {
      dead_letter_topic     = "projects/${var.project_id}/topics/${dead_letter_policy.value}"
      max_delivery_attempts = each.value.max_delivery_attempts
    }
  }

  push_config {
    push_endpoint = "${local.uri}/projects/${var.project_id}/topics/${each.value.topic}"
    oidc_token {
      service_account_email = var.push_service_account_email
      audience              = local.uri
    }
  }
}

# Dead-lettering needs Pub/Sub's service agent to acknowledge on the source subscription.
resource "google_pubsub_subscription_iam_member" "dead_letter_subscriber" {
  for_each     = local.dead_lettered
  project      = var.project_id
  subscription = google_pubsub_subscription.push[each.key].name
  role         = "roles/pubsub.subscriber"
  member       = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}
