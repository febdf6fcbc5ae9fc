output "api_url" {
  description = "The api function's own URL (map the public domain to it)."
  value       = module.http_functions["api"].uri
}

output "buckets" {
  description = "Bucket names (UPLOADS_BUCKET, AUDIO_BUCKET, EXPORTS_BUCKET)."
  value       = local.buckets
}

output "inference_url" {
  description = "QWEN_ENDPOINT."
  value       = module.inference.uri
}
