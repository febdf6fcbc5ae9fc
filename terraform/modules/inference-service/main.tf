# Qwen2-Audio on Cloud Run with one NVIDIA L4 per instance. Warm instances (min_instances) keep
# the Enterprise real-time path under its 1 s queue-latency target; the rest scales on demand.
resource "google_cloud_run_v2_service" "this" {
  name                = var.name
  project             = var.project_id
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_INTERNAL_ONLY"
  deletion_protection = true
  labels              = var.labels

  template {
    service_account                  = var.service_account_email
    timeout                          = "300s"
    max_instance_request_concurrency = var.scaling.concurrency
    gpu_zonal_redundancy_disabled    = true # L4 quota without zonal redundancy

    scaling {
      min_instance_count = var.scaling.min_instances
      max_instance_count = var.scaling.max_instances
    }

    node_selector {
      accelerator = "nvidia-l4"
    }

    containers {
      image = var.image
      ports {
        container_port = 8080
      }
      resources {
        limits = {
          cpu              = "8"
          memory           = "32Gi"
          "nvidia.com/gpu" = "1"
        }
        startup_cpu_boost = true
      }
      startup_probe {
        initial_delay_seconds = 10
        period_seconds        = 10
        failure_threshold     = 30 # the model takes a few minutes to load
        http_get {
          path = "/healthz"
        }
      }
    }
  }
}

resource "google_cloud_run_v2_service_iam_member" "invokers" {
  for_each = toset(var.invokers)
  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.this.name
  role     = "roles/run.invoker"
  member   = each.value
}
