output "dataset_id" {
  description = "The analytics dataset."
  value       = google_bigquery_dataset.this.dataset_id
}
