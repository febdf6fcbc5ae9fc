output "policy_names" {
  description = "Alert policy resource names."
  value       = [for policy in google_monitoring_alert_policy.this : policy.name]
}
