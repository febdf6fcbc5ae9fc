# Every entry point in functions/ with its trigger (a test parses this map and the code).
# Pub/Sub-triggered functions get push subscriptions we own, so each carries a dead-letter
# policy (max_delivery_attempts 5: a backstop, the app dead-letters after its 3rd failure) and
# an exponential retry policy. Subscription names match shared/topics.py ROUTES where one exists.
locals {
  functions = {
    api = {
      entry_point   = "api"
      trigger       = "https"
      identity      = "api"
      min_instances = var.sizing.api_min_instances
      max_instances = 100
      concurrency   = 40
      memory        = "1Gi"
      timeout       = 60
      subscriptions = {}
    }
    ingest = {
      entry_point   = "on_upload_finalized"
      trigger       = "storage" # google.cloud.storage.object.v1.finalized on the uploads bucket
      identity      = "ingest"
      min_instances = 0
      max_instances = 50
      concurrency   = 1
      memory        = "2Gi"
      timeout       = 540
      subscriptions = {}
    }
    analyze-high = {
      entry_point   = "on_analysis_requested"
      trigger       = "pubsub"
      identity      = "analyze"
      min_instances = var.sizing.analyze_high_min_instances # Enterprise: < 1 s queue latency
      max_instances = 50
      concurrency   = 1
      memory        = "4Gi"
      timeout       = 540
      subscriptions = {
        "analysis-high-analyze" = { topic = "analysis-high", dead_letter_topic = "analysis-dlq", ack_deadline_seconds = 600, minimum_backoff = "1s" }
      }
    }
    analyze-low = {
      entry_point   = "on_analysis_requested"
      trigger       = "pubsub"
      identity      = "analyze"
      min_instances = 0 # Free and Pro: done within 10 minutes, cold starts allowed
      max_instances = 30
      concurrency   = 1
      memory        = "4Gi"
      timeout       = 540
      subscriptions = {
        "analysis-low-analyze" = { topic = "analysis-low", dead_letter_topic = "analysis-dlq", ack_deadline_seconds = 600 }
      }
    }
    dlq = {
      entry_point   = "on_dead_letter"
      trigger       = "pubsub"
      identity      = "dlq"
      min_instances = 0
      max_instances = 5
      concurrency   = 10
      memory        = "512Mi"
      timeout       = 60
      subscriptions = {
        "analysis-dlq-record" = { topic = "analysis-dlq", ack_deadline_seconds = 60 }
        "jobs-dlq-record"     = { topic = "jobs-dlq", ack_deadline_seconds = 60 }
      }
    }
    imports = {
      entry_point   = "on_import_requested"
      trigger       = "pubsub"
      identity      = "jobs"
      min_instances = 0
      max_instances = 10
      concurrency   = 1
      memory        = "2Gi"
      timeout       = 540
      subscriptions = {
        "imports-run" = { topic = "imports", dead_letter_topic = "jobs-dlq", ack_deadline_seconds = 600 }
      }
    }
    exports = {
      entry_point   = "on_export_requested"
      trigger       = "pubsub"
      identity      = "jobs"
      min_instances = 0
      max_instances = 10
      concurrency   = 1
      memory        = "2Gi"
      timeout       = 540
      subscriptions = {
        "exports-run" = { topic = "exports", dead_letter_topic = "jobs-dlq", ack_deadline_seconds = 600 }
      }
    }
    bulk-edits = {
      entry_point   = "on_bulk_edit_requested"
      trigger       = "pubsub"
      identity      = "jobs"
      min_instances = 0
      max_instances = 10
      concurrency   = 1
      memory        = "1Gi"
      timeout       = 540
      subscriptions = {
        "bulk-edits-run" = { topic = "bulk-edits", dead_letter_topic = "jobs-dlq", ack_deadline_seconds = 600 }
      }
    }
    cleanup = {
      entry_point   = "on_cleanup_scheduled"
      trigger       = "pubsub" # Cloud Scheduler -> cleanup-scheduled, daily
      identity      = "ops"
      min_instances = 0
      max_instances = 1 # one run at a time
      concurrency   = 1
      memory        = "1Gi"
      timeout       = 540
      subscriptions = {
        "cleanup-run" = { topic = "cleanup-scheduled", dead_letter_topic = "jobs-dlq", ack_deadline_seconds = 600 }
      }
    }
    cache-warm = {
      entry_point   = "on_cache_warm_scheduled"
      trigger       = "pubsub" # Cloud Scheduler -> cache-warm-scheduled, before peak
      identity      = "ops"
      min_instances = 0
      max_instances = 1
      concurrency   = 1
      memory        = "1Gi"
      timeout       = 540
      subscriptions = {
        "cache-warm-run" = { topic = "cache-warm-scheduled", dead_letter_topic = "jobs-dlq", ack_deadline_seconds = 600 }
      }
    }
    metrics = {
      entry_point   = "on_metrics_scheduled"
      trigger       = "pubsub" # Cloud Scheduler -> metrics-scheduled, every minute
      identity      = "ops"
      min_instances = 0
      max_instances = 2
      concurrency   = 1
      memory        = "512Mi"
      timeout       = 60
      subscriptions = {
        "metrics-record" = { topic = "metrics-scheduled", dead_letter_topic = "jobs-dlq", ack_deadline_seconds = 60 }
      }
    }
    validate = {
      entry_point   = "on_validation_scheduled"
      trigger       = "pubsub" # Cloud Scheduler -> validation-scheduled, every minute
      identity      = "jobs"
      min_instances = 0
      max_instances = 1 # one sweep at a time: two would check the same releases
      concurrency   = 1
      memory        = "1Gi"
      timeout       = 120
      subscriptions = {
        "validation-sweep" = { topic = "validation-scheduled", dead_letter_topic = "jobs-dlq", ack_deadline_seconds = 120 }
      }
    }
  }

  # environment variables every function reads (shared/settings.py field names, upper-cased)
  common_environment = {
    BACKEND                  = "gcp"
    ENVIRONMENT              = var.environment
    GOOGLE_CLOUD_PROJECT     = var.project_id
    LOG_FORMAT               = "json"
    LOG_LEVEL                = "INFO"
    UPLOADS_BUCKET           = local.buckets.uploads
    AUDIO_BUCKET             = local.buckets.audio
    EXPORTS_BUCKET           = local.buckets.exports
    INSTANCE_CONNECTION_NAME = module.database.connection_name
    DB_USER                  = "catalog"
    DB_NAME                  = "catalog"
    PUBLIC_URL               = var.public_url
  }
  extra_environment = {
    analyze = { QWEN_ENDPOINT = module.inference.uri }
    ops = {
      RETENTION_NOTIFIER = "webhook_email"
      SMTP_HOST          = var.smtp.host
      SMTP_PORT          = tostring(var.smtp.port)
      SMTP_USERNAME      = var.smtp.username
      SMTP_SENDER        = var.smtp.sender
      CACHE_WARM_TOP_N   = "10000"
    }
  }
  secrets = {
    api     = { DB_PASSWORD = module.database.password_secret_id, REDIS_URL = module.cache.url_secret_id }
    ingest  = { DB_PASSWORD = module.database.password_secret_id }
    analyze = { DB_PASSWORD = module.database.password_secret_id, OPENAI_API_KEY = "openai-api-key" }
    dlq     = { DB_PASSWORD = module.database.password_secret_id }
    jobs    = { DB_PASSWORD = module.database.password_secret_id }
    ops = {
      DB_PASSWORD         = module.database.password_secret_id
      REDIS_URL           = module.cache.url_secret_id
      WEBHOOK_SIGNING_KEY = "webhook-signing-key"
      SMTP_PASSWORD       = "smtp-password"
    }
  }
  event_functions = { for name, fn in local.functions : name => fn if fn.trigger != "https" }
}

module "http_functions" {
  source                = "../http-function"
  for_each              = { for name, fn in local.functions : name => fn if fn.trigger == "https" }
  name                  = each.key
  entry_point           = each.value.entry_point
  project_id            = var.project_id
  region                = var.region
  source_archive        = var.source_archive
  service_account_email = google_service_account.this[each.value.identity].email
  environment           = merge(local.common_environment, lookup(local.extra_environment, each.value.identity, {}))
  secrets               = local.secrets[each.value.identity]
  vpc_connector         = google_vpc_access_connector.functions.id
  labels                = local.labels
  resources             = { memory = each.value.memory, timeout_seconds = each.value.timeout }
  scaling = {
    min_instances = each.value.min_instances
    max_instances = each.value.max_instances
    concurrency   = each.value.concurrency
  }
  depends_on = [google_secret_manager_secret_iam_member.readers]
}

module "event_functions" {
  source                     = "../event-function"
  for_each                   = local.event_functions
  name                       = each.key
  entry_point                = each.value.entry_point
  project_id                 = var.project_id
  region                     = var.region
  source_archive             = var.source_archive
  service_account_email      = google_service_account.this[each.value.identity].email
  environment                = merge(local.common_environment, lookup(local.extra_environment, each.value.identity, {}))
  secrets                    = local.secrets[each.value.identity]
  vpc_connector              = google_vpc_access_connector.functions.id
  labels                     = local.labels
  push_service_account_email = google_service_account.this["push"].email
  pubsub_subscriptions       = each.value.subscriptions
  storage_trigger = each.value.trigger != "storage" ? null : {
    bucket                = module.uploads_bucket.name
    service_account_email = google_service_account.this["eventarc"].email
  }
  resources = { memory = each.value.memory, timeout_seconds = each.value.timeout }
  scaling = {
    min_instances = each.value.min_instances
    max_instances = each.value.max_instances
    concurrency   = each.value.concurrency
  }
  depends_on = [module.pubsub, google_secret_manager_secret_iam_member.readers]
}
