output "connection_name" {
  description = "project:region:instance, for INSTANCE_CONNECTION_NAME."
  value       = google_sql_database_instance.this.connection_name
}

output "password_secret_id" {
  description = "Secret holding the application user's password (DB_PASSWORD)."
  value       = google_secret_manager_secret.password.secret_id
}

output "replica_connection_names" {
  description = "Read replicas, for read-only traffic when the primary is the bottleneck."
  value       = [for replica in google_sql_database_instance.replica : replica.connection_name]
}
