output "uri" {
  description = "The public HTTPS endpoint."
  value       = google_cloudfunctions2_function.this.service_config[0].uri
}
