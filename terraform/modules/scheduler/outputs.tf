output "job_names" {
  description = "The scheduler jobs."
  value       = [for job in google_cloud_scheduler_job.this : job.name]
}
