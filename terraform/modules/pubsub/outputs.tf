output "ids" {
  description = "Topic name => topic id (projects/<p>/topics/<name>)."
  value       = { for name, topic in google_pubsub_topic.this : name => topic.id }
}
