# Production: Cloud SQL with a synchronous standby (REGIONAL) and a read replica, Memorystore
# STANDARD_HA, warm L4 instances and warm analyze-high instances for the Enterprise real-time
# path. Deployed from release tags, after a manual approval in Cloud Build.
provider "google" {
  project = var.project_id
  region  = var.region
}

module "catalog" {
  source          = "../../modules/catalog"
  environment     = "production"
  project_id      = var.project_id
  region          = var.region
  location        = "EU"
  public_url      = var.public_url
  alert_email     = var.alert_email
  inference_image = var.inference_image
  source_archive = {
    bucket = "${var.project_id}-function-source"
    object = var.source_object
  }
  smtp = {
    host     = var.smtp_host
    username = var.smtp_username
    sender   = "catalog@${split("/", var.public_url)[2]}"
  }
  sizing = {
    sql_tier                   = "db-custom-8-32768"
    sql_high_availability      = true
    sql_read_replicas          = ["catalog-production-replica-1"]
    redis_memory_gb            = 5
    redis_high_availability    = true
    inference_min_instances    = 1
    inference_max_instances    = 10
    analyze_high_min_instances = 2
    api_min_instances          = 2
  }
  ci = {
    repo_owner        = var.repo_owner
    repo_name         = var.repo_name
    tag_regex         = "^v[0-9]+\\.[0-9]+\\.[0-9]+$"
    approval_required = true
  }
}
