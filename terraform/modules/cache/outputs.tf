output "url_secret_id" {
  description = "Secret holding REDIS_URL."
  value       = google_secret_manager_secret.url.secret_id
}
