variable "entry_point" {
  description = "The Python function in functions/main.py (e.g. on_analysis_requested)."
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
  description = "Function (and Cloud Run service) name, e.g. analyze-high."
  type        = string
}

variable "project_id" {
  description = "Project holding the function."
  type        = string
}

variable "pubsub_subscriptions" {
  description = "Subscription name => the topic it pushes to this function, with its retry and dead-letter policy."
  type = map(object({
    topic                 = string
    dead_letter_topic     = optional(string) # null: none (the dead-letter queues' own subscriptions)
    ack_deadline_seconds  = optional(number, 600)
    max_delivery_attempts = optional(number, 5) # backstop: the app dead-letters after its 3rd failure
    minimum_backoff       = optional(string, "10s")
    maximum_backoff       = optional(string, "600s")
  }))
  default = {}
}

variable "push_service_account_email" {
  description = "Identity Pub/Sub pushes as (OIDC token); granted run.invoker on this function only."
  type        = string
  default     = null
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
    timeout_seconds = optional(number, 540)
  })
  default = {}
}

variable "scaling" {
  description = "Instances kept warm, the ceiling, and requests per instance."
  type = object({
    min_instances = optional(number, 0)
    max_instances = optional(number, 20)
    concurrency   = optional(number, 1)
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
  description = "The zipped source (main.py, functions/, shared/, requirements.txt) built by Cloud Build."
  type = object({
    bucket = string
    object = string
  })
}

variable "storage_trigger" {
  description = "Cloud Storage finalize trigger (Eventarc); null for Pub/Sub-pushed functions."
  type = object({
    bucket                = string
    service_account_email = string
  })
  default = null
}

variable "vpc_connector" {
  description = "Serverless VPC Access connector for private egress (Memorystore)."
  type        = string
  default     = null
}
