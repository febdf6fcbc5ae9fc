# Cloud Scheduler publishes each job's message to its topic; the function subscribed to that
# topic does the work (cleanup daily, cache warm before peak, metrics every minute).
resource "google_cloud_scheduler_job" "this" {
  for_each    = var.jobs
  name        = each.key
  project     = var.project_id
  region      = var.region
  description = each.value.description
  schedule    = each.value.schedule
  time_zone   = "Etc/UTC"

  pubsub_target {
    topic_name = "projects/${var.project_id}/topics/${each.value.topic}"
    data       = base64encode(jsonencode({ schedule = each.key }))
    attributes = {
      schedule = each.key
    }
  }
}
