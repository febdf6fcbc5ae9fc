output "api_url" {
  description = "The api function's URL."
  value       = module.catalog.api_url
}

output "buckets" {
  description = "Bucket names."
  value       = module.catalog.buckets
}
