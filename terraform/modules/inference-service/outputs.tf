output "uri" {
  description = "The model server's URL (QWEN_ENDPOINT)."
  value       = google_cloud_run_v2_service.this.uri
}
