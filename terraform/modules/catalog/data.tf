# Data stores and the model server.
module "database" {
  source     = "../database"
  name       = "catalog-${var.environment}"
  project_id = var.project_id
  region     = var.region
  labels     = local.labels
  instance = {
    tier              = var.sizing.sql_tier
    high_availability = var.sizing.sql_high_availability
    read_replicas     = var.sizing.sql_read_replicas
  }
}

module "cache" {
  source            = "../cache"
  name              = "catalog-${var.environment}"
  project_id        = var.project_id
  region            = var.region
  network_id        = google_compute_network.catalog.id
  memory_size_gb    = var.sizing.redis_memory_gb
  high_availability = var.sizing.redis_high_availability
  labels            = local.labels
}

module "analytics" {
  source     = "../analytics"
  project_id = var.project_id
  location   = var.location
  labels     = local.labels
  editors    = [local.members.analyze]
  viewers    = [local.members.ops, local.members.api]
}

module "inference" {
  source                = "../inference-service"
  name                  = "catalog-inference"
  project_id            = var.project_id
  region                = var.region
  image                 = var.inference_image
  service_account_email = google_service_account.this["inference"].email
  invokers              = [local.members.analyze]
  labels                = local.labels
  scaling = {
    min_instances = var.sizing.inference_min_instances
    max_instances = var.sizing.inference_max_instances
  }
}
