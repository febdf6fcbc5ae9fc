# Staging: the same shape as production, smaller and single-zone; deployed on every push to main.
provider "google" {
  project = var.project_id
  region  = var.region
}

module "catalog" {
  source          = "../../modules/catalog"
  environment     = "staging"
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
    sender   = "catalog-staging@${split("/", var.public_url)[2]}"
  }
  sizing = {
    sql_tier                   = "db-custom-2-7680"
    sql_high_availability      = false
    redis_memory_gb            = 1
    redis_high_availability    = false
    inference_min_instances    = 0
    inference_max_instances    = 2
    analyze_high_min_instances = 0
    api_min_instances          = 0
  }
  ci = {
    repo_owner        = var.repo_owner
    repo_name         = var.repo_name
    branch_regex      = "^main$"
    approval_required = false
  }
}
