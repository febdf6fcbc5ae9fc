# A private bucket: uniform access, public access prevention, lifecycle rules, usage logs.
resource "google_storage_bucket" "this" {
  name                        = var.name
  project                     = var.project_id
  location                    = var.location
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false
  labels                      = var.labels

  # checkov:skip=CKV_GCP_78:Versioning is off on purpose: retention and GDPR deletions must remove the data, and a noncurrent version would keep it.
  versioning {
    enabled = false
  }

  dynamic "cors" {
    for_each = length(var.cors_origins) == 0 ? [] : [var.cors_origins]
    content {
      origin          = cors.value
      method          = ["PUT", "GET"]
      response_header = ["Content-Type"]
      max_age_seconds = 3600
    }
  }

  dynamic "logging" {
    for_each = var.access_log_bucket == null ? [] : [var.access_log_bucket]
    content {
      log_bucket = logging.value
    }
  }

  dynamic "lifecycle_rule" {
    for_each = var.lifecycle_rules
    content {
      condition {
        age = lifecycle_rule.value.age_days
      }

      action {
        type          = lifecycle_rule.value.action
        storage_class = lifecycle_rule.value.storage_class
      }
    }
  }
}

resource "google_storage_bucket_iam_member" "members" {
  for_each = merge([
    for role, members in var.iam : { for member in members : "${role} ${member}" => { role = role, member = member } }
  ]...)
  bucket = google_storage_bucket.this.name
  role   = each.value.role
  member = each.value.member
}
