# The analytics sink: per-request AI metrics and pipeline timings (shared/domain/pipeline.py),
# partitioned by day so metrics read only the window they need and old days expire.
locals {
  tables = {
    ai_requests         = { schema = "ai_requests.json", clustering = ["model", "outcome"] }
    pipeline_processing = { schema = "pipeline_processing.json", clustering = ["priority", "outcome"] }
  }
}

resource "google_bigquery_dataset" "this" {
  dataset_id                 = var.dataset_id
  project                    = var.project_id
  location                   = var.location
  delete_contents_on_destroy = false
  labels                     = var.labels
  # checkov:skip=CKV_GCP_81:Google-managed encryption keys; no CMEK requirement, and the rows hold no personal data (ids only).
}

resource "google_bigquery_table" "this" {
  for_each                 = local.tables
  dataset_id               = google_bigquery_dataset.this.dataset_id
  project                  = var.project_id
  table_id                 = each.key
  schema                   = file("${path.module}/schemas/${each.value.schema}")
  clustering               = each.value.clustering
  deletion_protection      = true
  require_partition_filter = true
  labels                   = var.labels
  # checkov:skip=CKV_GCP_80:Google-managed encryption keys, as for the dataset.

  time_partitioning {
    type          = "DAY"
    field         = "event_time"
    expiration_ms = var.retention_days * 86400000
  }
}

resource "google_bigquery_dataset_iam_member" "editors" {
  for_each   = toset(var.editors)
  project    = var.project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  role       = "roles/bigquery.dataEditor"
  member     = each.value
}

resource "google_bigquery_dataset_iam_member" "viewers" {
  for_each   = toset(var.viewers)
  project    = var.project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  role       = "roles/bigquery.dataViewer"
  member     = each.value
}
