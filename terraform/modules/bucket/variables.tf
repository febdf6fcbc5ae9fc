variable "access_log_bucket" {
  description = "Bucket receiving this bucket's usage logs; null for the log bucket itself."
  type        = string
  default     = null
}

variable "cors_origins" {
  description = "Origins allowed to PUT through signed URLs (the web UI uploads straight to the bucket)."
  type        = list(string)
  default     = []
}

variable "iam" {
  description = "Role => members granted on this bucket only (least privilege: no project-wide storage roles)."
  type        = map(list(string))
  default     = {}
}

variable "labels" {
  description = "Labels on the bucket."
  type        = map(string)
  default     = {}
}

variable "lifecycle_rules" {
  description = "Lifecycle rules: Delete or SetStorageClass after an age in days, or abort incomplete multipart uploads."
  type = list(object({
    action        = string           # Delete, SetStorageClass, AbortIncompleteMultipartUpload
    age_days      = number           # days since creation
    storage_class = optional(string) # for SetStorageClass
  }))
  default = []
}

variable "location" {
  description = "Bucket location (region or multi-region)."
  type        = string
}

variable "name" {
  description = "Globally unique bucket name."
  type        = string
}

variable "project_id" {
  description = "Project holding the bucket."
  type        = string
}
