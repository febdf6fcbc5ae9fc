# The whole product in one environment: storage, messaging, functions, data stores, inference,
# monitoring, schedules and CI. Names match shared/settings.py and shared/topics.py (tested).
locals {
  labels = merge(var.labels, { app = "catalog", environment = var.environment })

  # shared/topics.py TOPICS (uploads-finalized is the bucket's finalize event in GCP: Eventarc)
  topics = [
    "analysis-high", "analysis-low", "analysis-dlq", "imports", "exports", "jobs-dlq",
    "cleanup-scheduled", "cache-warm-scheduled", "metrics-scheduled", "validation-scheduled",
    "bulk-edits",
  ]
  dead_letter_topics = ["analysis-dlq", "jobs-dlq"]

  buckets = {
    uploads = "${var.project_id}-uploads"
    audio   = "${var.project_id}-audio"
    exports = "${var.project_id}-exports"
    source  = "${var.project_id}-function-source"
    logs    = "${var.project_id}-access-logs"
  }

  apis = toset([
    "artifactregistry.googleapis.com", "bigquery.googleapis.com", "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com", "cloudscheduler.googleapis.com", "eventarc.googleapis.com",
    "firestore.googleapis.com", "iam.googleapis.com", "logging.googleapis.com",
    "monitoring.googleapis.com", "pubsub.googleapis.com", "redis.googleapis.com",
    "run.googleapis.com", "secretmanager.googleapis.com", "sqladmin.googleapis.com",
    "storage.googleapis.com", "vpcaccess.googleapis.com",
  ])

  # secrets whose values are added out of band (README: first deployment)
  external_secrets = toset(["openai-api-key", "webhook-signing-key", "smtp-password"])
}

data "google_project" "this" {
  project_id = var.project_id
}

resource "google_project_service" "apis" {
  for_each           = local.apis
  project            = var.project_id
  service            = each.key
  disable_on_destroy = false
}

# ------------------------------------------------------------------ network (Memorystore)

resource "google_compute_network" "catalog" {
  name                    = "catalog"
  project                 = var.project_id
  auto_create_subnetworks = false
}

# Nothing outside reaches into the VPC: the functions' connector only egresses to Memorystore.
resource "google_compute_firewall" "deny_ingress" {
  name      = "catalog-deny-all-ingress"
  project   = var.project_id
  network   = google_compute_network.catalog.name
  direction = "INGRESS"
  priority  = 65534
  deny {
    protocol = "all"
  }
  source_ranges = ["0.0.0.0/0"]
  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_vpc_access_connector" "functions" {
  name          = "catalog-functions"
  project       = var.project_id
  region        = var.region
  network       = google_compute_network.catalog.name
  ip_cidr_range = "10.8.0.0/28"
  min_instances = 2
  max_instances = 10
}

# ------------------------------------------------------------------ storage

module "log_bucket" {
  source     = "../bucket"
  name       = local.buckets.logs
  project_id = var.project_id
  location   = var.location
  labels     = local.labels
  lifecycle_rules = [
    { action = "Delete", age_days = 365 },
  ]
}

module "uploads_bucket" {
  source            = "../bucket"
  name              = local.buckets.uploads
  project_id        = var.project_id
  location          = var.location
  labels            = local.labels
  access_log_bucket = module.log_bucket.name
  cors_origins      = [var.public_url]
  # Uploads are purged after 24 h by the cleanup function, not by a lifecycle rule: a rule
  # cannot honour a partner's legal hold.
  lifecycle_rules = [
    { action = "AbortIncompleteMultipartUpload", age_days = 1 },
  ]
  iam = {
    "roles/storage.objectCreator" = [local.members.api]
    "roles/storage.objectViewer"  = [local.members.ingest, local.members.jobs]
    "roles/storage.objectUser"    = [local.members.ops] # list and delete stale uploads
  }
}

module "audio_bucket" {
  source            = "../bucket"
  name              = local.buckets.audio
  project_id        = var.project_id
  location          = var.location
  labels            = local.labels
  access_log_bucket = module.log_bucket.name
  # Retention per tier (Free 30 d, Pro 6 mo, Enterprise custom) is the cleanup function's: it
  # sends the 7-day notice and honours extensions and legal hold. Lifecycle only moves cold audio.
  lifecycle_rules = [
    { action = "SetStorageClass", age_days = 30, storage_class = "NEARLINE" },
    { action = "SetStorageClass", age_days = 180, storage_class = "COLDLINE" },
  ]
  iam = {
    "roles/storage.objectCreator" = [local.members.ingest]
    "roles/storage.objectViewer"  = [local.members.analyze, local.members.api, local.members.jobs]
    "roles/storage.objectUser"    = [local.members.ops] # delete audio past retention
  }
}

module "exports_bucket" {
  source            = "../bucket"
  name              = local.buckets.exports
  project_id        = var.project_id
  location          = var.location
  labels            = local.labels
  access_log_bucket = module.log_bucket.name
  # Export files are deliveries generated from the catalog (which legal hold preserves); the
  # signed download links last hours, the files 30 days.
  lifecycle_rules = [
    { action = "Delete", age_days = 30 },
  ]
  iam = {
    "roles/storage.objectUser"   = [local.members.jobs]
    "roles/storage.objectViewer" = [local.members.api]
  }
}

module "source_bucket" {
  source            = "../bucket"
  name              = local.buckets.source
  project_id        = var.project_id
  location          = var.location
  labels            = local.labels
  access_log_bucket = module.log_bucket.name
  lifecycle_rules = [
    { action = "Delete", age_days = 90 }, # a rollback reaches back three months
  ]
  iam = {
    "roles/storage.objectAdmin" = [local.members.deployer]
  }
}

# ------------------------------------------------------------------ messaging

module "pubsub" {
  source             = "../pubsub"
  project_id         = var.project_id
  project_number     = data.google_project.this.number
  topics             = toset(local.topics)
  dead_letter_topics = toset(local.dead_letter_topics)
  labels             = local.labels
  publishers = {
    "analysis-high"     = [local.members.ingest, local.members.api]
    "analysis-low"      = [local.members.ingest, local.members.api]
    "analysis-dlq"      = [local.members.analyze]
    "imports"           = [local.members.api]
    "exports"           = [local.members.api]
    "bulk-edits"        = [local.members.api]
    "jobs-dlq"          = [local.members.ingest, local.members.jobs, local.members.ops]
    "cleanup-scheduled" = [local.members.ops] # a run that hit its batch limit continues
  }
}

# ------------------------------------------------------------------ Firestore, images, secrets

resource "google_firestore_database" "status" {
  name                              = "(default)"
  project                           = var.project_id
  location_id                       = var.location
  type                              = "FIRESTORE_NATIVE"
  concurrency_mode                  = "OPTIMISTIC"
  point_in_time_recovery_enablement = "POINT_IN_TIME_RECOVERY_ENABLED"
  delete_protection_state           = "DELETE_PROTECTION_ENABLED"
}

resource "google_artifact_registry_repository" "images" {
  repository_id = "catalog"
  project       = var.project_id
  location      = var.region
  format        = "DOCKER"
  description   = "The inference image (the functions are built by Cloud Functions itself)."
  labels        = local.labels
  # checkov:skip=CKV_GCP_84:Google-managed encryption keys; the images hold no customer data.

  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = 20
    }
  }
}

resource "google_secret_manager_secret" "external" {
  for_each  = local.external_secrets
  secret_id = each.key
  project   = var.project_id
  labels    = local.labels
  replication {
    auto {}
  }
}
