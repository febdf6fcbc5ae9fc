variable "alert_email" {
  description = "On-call address for alert notifications."
  type        = string
}

variable "ci" {
  description = "The Cloud Build trigger deploying this environment; production requires approval."
  type = object({
    repo_owner        = string
    repo_name         = string
    branch_regex      = optional(string) # staging: every push to main
    tag_regex         = optional(string) # production: release tags
    approval_required = bool
  })
}

variable "environment" {
  description = "staging or production (ENVIRONMENT)."
  type        = string
  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production."
  }
}

variable "inference_image" {
  description = "Model server image in Artifact Registry, pushed by Cloud Build."
  type        = string
}

variable "labels" {
  description = "Labels on every resource."
  type        = map(string)
  default     = {}
}

variable "location" {
  description = "Multi-region or region for buckets, BigQuery and Firestore."
  type        = string
}

variable "project_id" {
  description = "The environment's project."
  type        = string
}

variable "public_url" {
  description = "How clients reach the API (PUBLIC_URL); a custom domain mapped to the api function."
  type        = string
}

variable "region" {
  description = "Region of functions, Cloud Run, Cloud SQL, Memorystore (with NVIDIA L4 capacity)."
  type        = string
}

variable "sizing" {
  description = "Everything that differs in size between staging and production."
  type = object({
    sql_tier                   = string
    sql_high_availability      = bool
    sql_read_replicas          = optional(list(string), [])
    redis_memory_gb            = number
    redis_high_availability    = bool
    inference_min_instances    = number # warm L4s for the Enterprise real-time path
    inference_max_instances    = number
    analyze_high_min_instances = number # warm analyze-high instances: < 1 s queue latency
    api_min_instances          = number
  })
}

variable "smtp" {
  description = "SMTP relay for deletion notices by email (the password is the smtp-password secret)."
  type = object({
    host     = string
    port     = optional(number, 587)
    username = string
    sender   = string
  })
}

variable "source_archive" {
  description = "Zipped function source in the source bucket, built by Cloud Build (one object per commit)."
  type = object({
    bucket = string
    object = string
  })
}
