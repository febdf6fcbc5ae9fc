# Memorystore for Redis: the read cache (pre-warmed top 10K, XFetch early refresh) and rate
# limits. Private to the VPC, AUTH on; the full REDIS_URL (with the AUTH string) is a secret.
resource "google_redis_instance" "this" {
  name               = var.name
  project            = var.project_id
  region             = var.region
  tier               = var.high_availability ? "STANDARD_HA" : "BASIC"
  memory_size_gb     = var.memory_size_gb
  redis_version      = "REDIS_7_0"
  authorized_network = var.network_id
  auth_enabled       = true
  labels             = var.labels
  redis_configs = {
    maxmemory-policy = "allkeys-lru" # a cache: evict the least recently used under pressure
  }

  # checkov:skip=CKV_GCP_97:In-transit TLS would need the instance's CA in every function; traffic stays inside the VPC and AUTH is required.
  transit_encryption_mode = "DISABLED"

  maintenance_policy {
    weekly_maintenance_window {
      day = "SUNDAY"
      start_time {
        hours   = 4
        minutes = 0
      }
    }
  }
}

resource "google_secret_manager_secret" "url" {
  secret_id = "${var.name}-redis-url"
  project   = var.project_id
  labels    = var.labels
  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_version" "url" {
  secret      = google_secret_manager_secret.url.id
  secret_data = "redis://:${google_redis_instance.this.auth_string}@${google_redis_instance.this.host}:${google_redis_instance.this.port}/0"
}
