variable "entry_point" {
  description = "The Python function in functions/main.py (api)."
  type        = string
}

variable "environment" {
  description = "Environment variables (names are Settings fields in upper case)."
  type        = map(string)
  default     = {}
}

variable "labels" {
  description = "Labels on the function."
  type        = map(string)
  default     = {}
}

variable "name" {
  description = "Function (and Cloud Run service) name."
  type        = string
}

variable "project_id" {
  description = "Project holding the function."
  type        = string
}

variable "region" {
  description = "Region of the function."
  type        = string
}

variable "resources" {
  description = "Memory, CPU and timeout of one instance."
  type = object({
    memory          = optional(string, "1Gi")
    cpu             = optional(string, "1")
    timeout_seconds = optional(number, 60)
  })
  default = {}
}

variable "scaling" {
  description = "Instances kept warm, the ceiling, and concurrent requests per instance."
  type = object({
    min_instances = optional(number, 1)
    max_instances = optional(number, 100)
    concurrency   = optional(number, 40)
  })
  default = {}
}

variable "secrets" {
  description = "Environment variable => Secret Manager secret id (latest version)."
  type        = map(string)
  default     = {}
}

variable "service_account_email" {
  description = "The function's own least-privilege identity."
  type        = string
}

variable "source_archive" {
  description = "The zipped source built by Cloud Build."
  type = object({
    bucket = string
    object = string
  })
}

variable "vpc_connector" {
  description = "Serverless VPC Access connector for private egress (Memorystore)."
  type        = string
  default     = null
}
