# The public HTTPS function: REST, GraphQL, the UI. Anyone may reach it; the app authenticates
# every request itself (OAuth2 client credentials and user tokens, shared/api/auth.py).
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
    ingress_settings                 = "ALLOW_ALL" # checkov:skip=CKV_GCP_124:The public API: partners' machines and browsers call it from anywhere; the app authenticates every request.
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
}

resource "google_cloud_run_v2_service_iam_member" "public" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.this.service_config[0].service
  role     = "roles/run.invoker"
  member   = "allUsers" # the API authenticates callers itself; a 401 comes from the app
}
