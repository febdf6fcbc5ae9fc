output "uri" {
  description = "The function's HTTPS endpoint (internal ingress)."
  value       = local.uri
}

output "subscriptions" {
  description = "Names of the push subscriptions feeding this function."
  value       = [for sub in google_pubsub_subscription.push : sub.name]
}
