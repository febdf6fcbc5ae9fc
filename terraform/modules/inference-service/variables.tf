variable "image" {
  description = "Container image of the model server (Artifact Registry)."
  type        = string
}

variable "invokers" {
  description = "Members allowed to call the service (the analyze functions' identity)."
  type        = list(string)
}

variable "labels" {
  description = "Labels on the service."
  type        = map(string)
  default     = {}
}

variable "name" {
  description = "Service name."
  type        = string
}

variable "project_id" {
  description = "Project holding the service."
  type        = string
}

variable "region" {
  description = "Region with NVIDIA L4 capacity for Cloud Run (e.g. us-central1, europe-west4)."
  type        = string
}

variable "scaling" {
  description = "Warm instances for the Enterprise real-time path, and the ceiling."
  type = object({
    min_instances = number
    max_instances = number
    concurrency   = optional(number, 4) # requests one L4 serves at once
  })
}

variable "service_account_email" {
  description = "The service's own identity."
  type        = string
}
