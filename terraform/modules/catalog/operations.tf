# Alerts, schedules and the deployment pipeline of this environment.
locals {
  # shared/schedules.py SCHEDULES (a test checks crons and topics agree)
  schedules = {
    cleanup-daily = {
      schedule    = "30 2 * * *"
      topic       = "cleanup-scheduled"
      description = "Retention and cleanup, daily at 02:30 UTC (the quietest hour)"
    }
    cache-warm-daily = {
      schedule    = "30 5 * * *"
      topic       = "cache-warm-scheduled"
      description = "Pre-warm the most read records before the morning peak (06:00-10:00 UTC)"
    }
    metrics-minutely = {
      schedule    = "* * * * *"
      topic       = "metrics-scheduled"
      description = "Record a metrics snapshot in Cloud Monitoring for the alert policies"
    }
    validation-minutely = {
      schedule    = "* * * * *"
      topic       = "validation-scheduled"
      description = "Re-check releases whose validation result an edit may have changed"
    }
  }
  work_subscriptions = flatten([
    for name, fn in local.functions : [for sub, spec in fn.subscriptions : sub if !contains(local.dead_letter_topics, spec.topic)]
  ])
}

module "monitoring" {
  source             = "../monitoring"
  project_id         = var.project_id
  environment        = var.environment
  alert_email        = var.alert_email
  work_subscriptions = local.work_subscriptions
}

module "scheduler" {
  source     = "../scheduler"
  project_id = var.project_id
  region     = var.region
  jobs       = local.schedules
  depends_on = [module.pubsub]
}

# Staging deploys every push to main; production deploys release tags after a manual approval.
resource "google_cloudbuild_trigger" "deploy" {
  name            = "deploy-${var.environment}"
  project         = var.project_id
  location        = "global" # GitHub (app) triggers
  filename        = "cloudbuild.yaml"
  service_account = google_service_account.this["deployer"].id

  github {
    owner = var.ci.repo_owner
    name  = var.ci.repo_name
    push {
      branch = var.ci.branch_regex
      tag    = var.ci.tag_regex
    }
  }

  approval_config {
    approval_required = var.ci.approval_required
  }

  substitutions = {
    _ENV           = var.environment
    _REGION        = var.region
    _SOURCE_BUCKET = module.source_bucket.name
    _IMAGE_REPO    = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
  }
}
